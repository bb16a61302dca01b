// The jobs the admin ticked on the jobs list, by id. Kept apart from the rows on purpose: the list
// refreshes itself every few seconds (and rows move between pages as new jobs arrive), and a tick
// must survive that. Capped at what one call of queue.actOnSelected takes.
import { SvelteSet } from 'svelte/reactivity';

export class RowSelection {
	readonly ids = new SvelteSet<string>();
	readonly max: number;

	constructor(max: number) {
		this.max = max;
	}

	get size(): number {
		return this.ids.size;
	}

	has(id: string): boolean {
		return this.ids.has(id);
	}

	/** Tick or untick one row; false when ticking would go past the cap (nothing changes). */
	set(id: string, on: boolean): boolean {
		if (!on) return this.ids.delete(id), true;
		if (!this.ids.has(id) && this.ids.size >= this.max) return false;
		this.ids.add(id);
		return true;
	}

	/** Tick or untick every row of a page; false when the cap stopped some. */
	setAll(ids: readonly string[], on: boolean): boolean {
		let all = true;
		for (const id of ids) all = this.set(id, on) && all;
		return all;
	}

	/** 'all', 'some' or 'none' of these rows are ticked (drives the select-all box). */
	coverage(ids: readonly string[]): 'all' | 'some' | 'none' {
		const n = ids.filter((id) => this.ids.has(id)).length;
		return n === 0 ? 'none' : n === ids.length ? 'all' : 'some';
	}

	/** Ticked ids that are not among these rows (ticked on another page, or moved off this one). */
	outside(ids: readonly string[]): number {
		const here = new Set(ids);
		return [...this.ids].filter((id) => !here.has(id)).length;
	}

	clear(): void {
		this.ids.clear();
	}

	list(): string[] {
		return [...this.ids];
	}
}
