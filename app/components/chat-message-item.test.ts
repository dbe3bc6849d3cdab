import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { type ChatLine, ChatMessageItem } from './chat-message-item';

const render = (line: ChatLine) =>
  renderToStaticMarkup(createElement(ChatMessageItem, { line, self: 'ada' }));

describe('ChatMessageItem', () => {
  it('marks a system message with a badge and offers no edit or delete, even as one of ours', () => {
    const html = render({
      id: 1,
      name: 'Pulseboard',
      text: 'cpu firing',
      ts: 0,
      mine: true,
      system: true,
    });
    expect(html).toContain('data-system="true"');
    expect(html).toContain('data-testid="chat-system"');
    expect(html).toContain('>system<');
    expect(html).not.toContain('Edit');
    expect(html).not.toContain('Delete');
  });

  it('offers edit and delete on our own message, with no system badge', () => {
    const html = render({ id: 2, name: 'ada', text: 'hi', ts: 0, mine: true });
    expect(html).toContain('Edit');
    expect(html).toContain('Delete');
    expect(html).not.toContain('chat-system');
  });
});
