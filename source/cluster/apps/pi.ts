// Digits of pi for the classic `perl -Mbignum=bpi -wle 'print bpi(2000)'` Job, by Machin's
// formula on BigInt fixed point: pi = 16·atan(1/5) − 4·atan(1/239).

/** The most digits computed (bignum itself slows to a crawl long before). */
export const MAX_PI_DIGITS = 10_000;

/** atan(1/x) scaled by `scale`, by its Taylor series. */
function atanInverse(x: bigint, scale: bigint): bigint {
	const xSquared = x * x;
	let term = scale / x;
	let sum = 0n;
	for (let k = 0n; term !== 0n; k++) {
		const part = term / (2n * k + 1n);
		sum += k % 2n === 0n ? part : -part;
		term /= xSquared;
	}
	return sum;
}

/**
 * Pi to `digits` significant digits, rounded like Math::BigFloat's bpi: `piDigits(6)` is
 * `3.14159`, `piDigits(1)` is `3`.
 */
export function piDigits(digits: number): string {
	const n = Math.min(MAX_PI_DIGITS, Math.max(1, Math.floor(digits)));
	const guard = 12;
	const scale = 10n ** BigInt(n - 1 + guard);
	const pi = 16n * atanInverse(5n, scale) - 4n * atanInverse(239n, scale);
	const unit = 10n ** BigInt(guard);
	const text = ((pi + unit / 2n) / unit).toString();
	return text.length > 1 ? `${text[0]}.${text.slice(1)}` : text;
}
