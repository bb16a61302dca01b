// The shape of a topic family (see families.ts) and what the local renderer can draw.

/** What the local renderer knows how to draw (see ../../motifs.ts). */
export type MotifId =
	| 'bowl'
	| 'pot'
	| 'jar'
	| 'plate'
	| 'stall'
	| 'plant'
	| 'flower'
	| 'cup'
	| 'bird'
	| 'book'
	| 'controller'
	| 'headphones'
	| 'keyboard'
	| 'skateboard'
	| 'mask'
	| 'burst'
	| 'brush'
	| 'building'
	| 'skyline'
	| 'cat'
	| 'phone'
	| 'tv'
	| 'cassette'
	| 'fountain'
	| 'lotus'
	| 'moon'
	| 'camera'
	| 'mountain'
	| 'wave'
	| 'yarn'
	| 'bread'
	| 'guitar'
	| 'film'
	| 'dog'
	| 'leaf'
	| 'flask'
	| 'ball'
	| 'suitcase'
	| 'lantern';

export interface Topic {
	id: string;
	/** Tested against an interest (and the bio, for personas whose interests no family knows). */
	match: RegExp;
	things: string[];
	places: string[];
	actions: string[];
	senses: string[];
	/** When this is best: "at dawn", "before service". */
	times: string[];
	emoji: string[];
	/** The default drawing for the topic; things may name their own (see THING_MOTIFS). */
	motif: MotifId;
}
