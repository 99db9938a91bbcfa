/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { ComponentStatus, Lang } from '@kdi-status/sdk';
import { messagesFor } from './messages.js';

/** A status as words with a mark beside them: the colour only repeats what the text says. */
export function StatusLabel({ status, lang }: { status: ComponentStatus; lang: Lang }) {
  return <span class={`status status-${status}`}>{messagesFor(lang).status[status]}</span>;
}
