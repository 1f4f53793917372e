// What a component counts its work with (requests, writes, bindings, reconciles): one call per
// thing done. The control plane's counters (metrics/counters.ts) implement it; a component
// built without them counts into NO_TALLY.
export interface Tally {
	add(n?: number): void;
}

export const NO_TALLY: Tally = {add: () => {}};
