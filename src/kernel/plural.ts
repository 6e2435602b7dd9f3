// A count and its noun, as every message and table prints it: "1 ticket", "2 tickets".

/** `n` and `word`, or `many` (`word` + s) when n is not 1. */
export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
