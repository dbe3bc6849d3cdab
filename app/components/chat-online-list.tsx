/** Who is online, with our own name marked. */
export function ChatOnlineList({
  online,
  self,
}: {
  online: readonly string[];
  self: string | undefined;
}) {
  return (
    <section className="chat-online" aria-label="Online">
      <h3>Online ({online.length})</h3>
      <ul data-testid="chat-online" aria-label="People online">
        {online.map((name) => (
          <li key={name}>
            {name}
            {name === self ? <span className="you"> (you)</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
