// Swedish formatting for the UI. Money crosses IPC as decimal strings ("1234567.5") and is
// formatted here with string arithmetic: never through a float.
//
//   formatSek("1234567.5")   → "1 234 567,50 kr"   (the spaces are no-break spaces, U+00A0)
//   formatDate("2026-12-15") → "2026-12-15"        (ISO 8601, as the domain requires)

/** No-break space: the thousands separator in Swedish (as Intl's sv-SE uses). */
export const NBSP = "\u00a0";
/** The minus sign Swedish typography (and Intl's sv-SE) uses. */
export const MINUS = "\u2212";

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;

/** Parses a decimal string exactly; returns null if it is not one. */
function parseDecimal(value: string | number | bigint): { negative: boolean; int: string; frac: string } | null {
  const text = typeof value === "string" ? value.trim().replace(MINUS, "-") : String(value);
  const m = DECIMAL.exec(text);
  if (!m) return null;
  return { negative: m[1] === "-", int: m[2] ?? "0", frac: m[3] ?? "" };
}

/** Adds one to a string of digits ("999" → "1000"). */
function incrementDigits(digits: string): string {
  const out = digits.split("");
  let i = out.length - 1;
  while (i >= 0) {
    if (out[i] === "9") {
      out[i] = "0";
      i--;
    } else {
      out[i] = String(Number(out[i]) + 1);
      return out.join("");
    }
  }
  return "1" + out.join("");
}

function groupThousands(int: string): string {
  const digits = int.replace(/^0+(?=\d)/, "");
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += NBSP;
    out += digits[i];
  }
  return out;
}

/**
 * Formats a decimal Swedish style with exactly `decimals` decimals, rounding half away from
 * zero (as the domain rounds prices). Throws on anything that is not a decimal number.
 */
export function formatDecimal(value: string | number | bigint, decimals = 2): string {
  const d = parseDecimal(value);
  if (!d) throw new RangeError(`Inte ett decimaltal: ${String(value)}`);
  let frac = d.frac.padEnd(decimals + 1, "0");
  const roundUp = Number(frac[decimals]) >= 5;
  frac = frac.slice(0, decimals);
  let digits = d.int + frac;
  if (roundUp) digits = incrementDigits(digits);
  const int = digits.slice(0, digits.length - decimals) || "0";
  const fracOut = decimals > 0 ? digits.slice(digits.length - decimals) : "";
  const isZero = /^0*$/.test(int + fracOut);
  const sign = d.negative && !isZero ? MINUS : "";
  return sign + groupThousands(int) + (decimals > 0 ? "," + fracOut : "");
}

/** `1 234 567,50 kr`. */
export function formatSek(value: string | number | bigint, decimals = 2): string {
  return `${formatDecimal(value, decimals)}${NBSP}kr`;
}

/** Whole numbers with thousands separators: `10 000`. */
export function formatInteger(value: string | number | bigint): string {
  return formatDecimal(value, 0);
}

/** A fraction as a percentage: `0.038` → `3,8 %`. */
export function formatPercent(fraction: string | number, decimals = 1): string {
  const d = parseDecimal(fraction);
  if (!d) throw new RangeError(`Inte ett decimaltal: ${String(fraction)}`);
  // Multiply by 100 by moving the decimal point two places.
  const frac = d.frac.padEnd(2, "0");
  const shifted = `${d.negative ? "-" : ""}${d.int}${frac.slice(0, 2)}.${frac.slice(2) || "0"}`;
  return `${formatDecimal(shifted, decimals)}${NBSP}%`;
}

/**
 * Reads a number typed Swedish style ("1 234 567,50", "1234567.5", "−12") into a plain decimal
 * string for IPC ("1234567.50" keeps the digits given). Returns null if it is not a number.
 */
export function parseSwedishDecimal(input: string): string | null {
  const text = input
    .trim()
    .replace(/[\s\u00a0\u202f]/g, "")
    .replace(MINUS, "-")
    .replace(",", ".");
  const d = parseDecimal(text);
  if (!d) return null;
  const int = d.int.replace(/^0+(?=\d)/, "");
  return `${d.negative ? "-" : ""}${int}${d.frac ? "." + d.frac : ""}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** ISO 8601 date `2026-12-15`: from a `Date` (local calendar day) or an ISO string. */
export function formatDate(value: string | Date): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError("Ogiltigt datum");
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  const m = ISO_DATE.exec(value.trim());
  if (!m) throw new RangeError(`Inte ett ISO-datum: ${value}`);
  const [, y, mo, d] = m;
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) {
    throw new RangeError(`Ogiltigt datum: ${value}`);
  }
  return `${y}-${mo}-${d}`;
}

/** `2026-12-15 14:03` in local time, from a `Date` or an ISO timestamp. */
export function formatDateTime(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Ogiltig tidpunkt: ${String(value)}`);
  return `${formatDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Swedish plural helper: `count(3, "leverantör", "leverantörer")` → "3 leverantörer". */
export function count(n: number, one: string, many: string): string {
  return `${formatInteger(n)} ${n === 1 ? one : many}`;
}
