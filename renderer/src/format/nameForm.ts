// What the name form says when the API refuses a name: its message, led by the field it is about.

const FIELDS: Record<string, string> = { name: 'The name', note: 'The note' };

/** "number.name: must be a name, not empty" → "The name must be a name, not empty." (each part of the message). */
export function nameFormError(message: string): string {
  const parts = message.split('; ').map((part) => {
    const match = /^(?:number\.)?(name|note): (.*)$/s.exec(part);
    return match ? `${FIELDS[match[1]!]} ${match[2]}` : part;
  });
  const text = parts.join('; ');
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
