/** The line under a form or button saying how an action went: a status when it worked, an alert when not. */
export function Feedback({ message }: { message: { ok: boolean; text: string } | null }) {
  if (!message) return null;
  return (
    <p className={message.ok ? 'notice notice--ok' : 'notice notice--error'} role={message.ok ? 'status' : 'alert'}>
      {message.text}
    </p>
  );
}
