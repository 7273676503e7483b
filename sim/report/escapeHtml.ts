/**
 * Escapes text for HTML element content and double- or single-quoted attribute values.
 * Every string a report shows comes from a scenario or a run, so none of it is trusted
 * to be markup (a finding may well quote `<script>` from a log line).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
