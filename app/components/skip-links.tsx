/**
 * The first stops of the tab order, shown only when focused: jump straight to the dashboard
 * (`#dashboard`) or to the chat (`#chat`); both landmarks take focus (tabIndex -1).
 */
export function SkipLinks() {
  return (
    <nav className="skip-links" aria-label="Skip links">
      <a className="skip-link" href="#dashboard">
        Skip to dashboard
      </a>
      <a className="skip-link" href="#chat">
        Skip to chat
      </a>
    </nav>
  );
}
