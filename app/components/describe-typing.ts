/** "A is typing…", "A and B are typing…", "A, B and 3 more are typing…", or "". */
export function describeTyping(names: readonly string[]): string {
  const [a, b] = names;
  if (a === undefined) return '';
  if (b === undefined) return `${a} is typing…`;
  if (names.length === 2) return `${a} and ${b} are typing…`;
  return `${a}, ${b} and ${names.length - 2} more are typing…`;
}
