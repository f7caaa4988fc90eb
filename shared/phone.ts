// Phone numbers: stored as digits, shown the North American way when they are North American.

/** Digits only; a North American number loses its leading country code 1. "" → null. */
export function phoneDigits(value: string | null): string | null {
  if (!value) return null;
  const digits = value.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) return digits.slice(1);
  return digits === '' ? null : digits;
}

/** "9055802958" → "(905) 580-2958"; other lengths are shown as digits with a "+" when long enough. */
export function formatPhone(digits: string | null): string | null {
  if (!digits) return null;
  if (/^\d{10}$/.test(digits)) return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
  if (/^\d{7}$/.test(digits)) return `${digits.slice(0, 3)}-${digits.slice(3)}`;
  return digits.length > 10 ? `+${digits}` : digits;
}
