// tracery-grammar ships no types; this is the part of its API the writer uses.
declare module 'tracery-grammar' {
	export interface Grammar {
		addModifiers(modifiers: Record<string, (s: string, params: string[]) => string>): void;
		flatten(rule: string): string;
		pushRules(key: string, rules: string[]): void;
		popRules(key: string): void;
		clearState(): void;
	}
	interface Tracery {
		createGrammar(raw: Record<string, string[]>): Grammar;
		setRng(rng: () => number): void;
		baseEngModifiers: Record<string, (s: string, params: string[]) => string>;
	}
	const tracery: Tracery;
	export default tracery;
}
