// color-name ships no types: CSS colour keywords to their RGB values.
declare module 'color-name' {
	const names: Record<string, [number, number, number]>;
	export default names;
}
