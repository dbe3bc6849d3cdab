import { PulseboardApp } from './components/pulseboard-app';

/**
 * The dashboard page. A server component with no data of its own: every metric arrives over
 * the SSE stream and every chat message over the WebSocket, both opened by client components.
 */
export default function Home() {
  return <PulseboardApp />;
}
