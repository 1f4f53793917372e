// Arithmetic expansion: `$(( ... ))` with C operators, precedence and assignment.

export class ArithError extends Error {}

export function evalArith(src: string, get: (name: string) => string | undefined, set: (name: string, v: number) => void): number {
	const toks = src.match(/0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|<<=|>>=|\*\*|<=|>=|==|!=|&&|\|\||<<|>>|\+=|-=|\*=|\/=|%=|\+\+|--|\S/g) ?? [];
	let i = 0;
	const peek = () => toks[i];
	const valueOf = (name: string): number => {
		const v = get(name);
		if (v === undefined || v.trim() === '') return 0;
		const n = Number(v.trim());
		if (!Number.isInteger(n)) throw new ArithError('arithmetic syntax error');
		return n;
	};
	const isName = (t: string | undefined) => t !== undefined && /^[A-Za-z_]/.test(t);
	// Binary operators by precedence, loosest first.
	const binary: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
	const apply = (op: string, a: number, b: number): number => {
		switch (op) {
			case '||': return a || b ? 1 : 0;
			case '&&': return a && b ? 1 : 0;
			case '|': return a | b;
			case '^': return a ^ b;
			case '&': return a & b;
			case '==': return a === b ? 1 : 0;
			case '!=': return a !== b ? 1 : 0;
			case '<': return a < b ? 1 : 0;
			case '<=': return a <= b ? 1 : 0;
			case '>': return a > b ? 1 : 0;
			case '>=': return a >= b ? 1 : 0;
			case '<<': return a << b;
			case '>>': return a >> b;
			case '+': return a + b;
			case '-': return a - b;
			case '*': return a * b;
			case '**': return a ** b;
			case '/':
			case '%':
				if (b === 0) throw new ArithError('divide by zero');
				return op === '/' ? Math.trunc(a / b) : a % b;
		}
		throw new ArithError('arithmetic syntax error');
	};
	const expr = (): number => assignment();
	const assignment = (): number => {
		if (isName(peek()) && ['=', '+=', '-=', '*=', '/=', '%='].includes(toks[i + 1])) {
			const name = toks[i];
			const op = toks[i + 1];
			i += 2;
			const rhs = assignment();
			const v = op === '=' ? rhs : apply(op[0], valueOf(name), rhs);
			set(name, v);
			return v;
		}
		return ternary();
	};
	const ternary = (): number => {
		const c = level(0);
		if (peek() === '?') {
			i++;
			const a = expr();
			if (toks[i++] !== ':') throw new ArithError('arithmetic syntax error');
			const b = ternary();
			return c ? a : b;
		}
		return c;
	};
	const level = (n: number): number => {
		if (n >= binary.length) return unary();
		let left = level(n + 1);
		while (binary[n].includes(peek())) {
			const op = toks[i++];
			left = apply(op, left, level(n + 1));
		}
		return left;
	};
	const unary = (): number => {
		const t = peek();
		if (t === '-' || t === '+' || t === '!' || t === '~') {
			i++;
			const v = unary();
			return t === '-' ? -v : t === '+' ? v : t === '!' ? (v ? 0 : 1) : ~v;
		}
		if ((t === '++' || t === '--') && isName(toks[i + 1])) {
			const name = toks[i + 1];
			i += 2;
			const v = valueOf(name) + (t === '++' ? 1 : -1);
			set(name, v);
			return v;
		}
		return power();
	};
	const power = (): number => {
		const base = primary();
		if (peek() === '**') {
			i++;
			return apply('**', base, unary());
		}
		return base;
	};
	const primary = (): number => {
		const t = toks[i++];
		if (t === undefined) throw new ArithError('arithmetic syntax error');
		if (t === '(') {
			const v = expr();
			if (toks[i++] !== ')') throw new ArithError('arithmetic syntax error');
			return v;
		}
		if (/^0[xX]/.test(t)) return parseInt(t, 16);
		if (/^0\d+$/.test(t)) return parseInt(t, 8);
		if (/^\d+$/.test(t)) return Number(t);
		if (isName(t)) {
			const v = valueOf(t);
			if (peek() === '++' || peek() === '--') {
				set(t, v + (toks[i++] === '++' ? 1 : -1));
			}
			return v;
		}
		throw new ArithError('arithmetic syntax error');
	};
	if (toks.length === 0) return 0;
	const v = expr();
	if (i < toks.length) throw new ArithError('arithmetic syntax error');
	return v;
}
