import type { ja } from './ja.js';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every locale must fill: the Japanese messages with their texts widened to string. */
export type Messages = Widen<typeof ja>;
