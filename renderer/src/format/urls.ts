// Recording links come from webhooks: only plain web addresses are played or opened, never javascript: or file:.

export function isWebUrl(value: string | null): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
