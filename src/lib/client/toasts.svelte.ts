// Transient messages for the toast region. Module state: one list per browser tab. Nothing is
// pushed during server rendering (only event handlers push), so requests never share it.
export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
	id: number;
	kind: ToastKind;
	title: string;
	message?: string;
}

class Toasts {
	items = $state<Toast[]>([]);
	#next = 1;

	push(toast: Omit<Toast, 'id'>, options: { timeoutMs?: number } = {}): number {
		const id = this.#next++;
		this.items.push({ ...toast, id });
		// Errors stay until dismissed: someone using a screen reader or stepping away must not miss them.
		const timeoutMs = options.timeoutMs ?? (toast.kind === 'error' ? 0 : 6_000);
		if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
		return id;
	}

	success(title: string, message?: string): number {
		return this.push({ kind: 'success', title, message });
	}

	dismiss(id: number): void {
		this.items = this.items.filter((t) => t.id !== id);
	}
}

export const toasts = new Toasts();
