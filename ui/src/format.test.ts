import { describe, expect, it } from "vitest";
import { count, formatDate, formatDateTime, formatDecimal, formatInteger, formatPercent, formatSek, MINUS, NBSP, parseSwedishDecimal } from "./format";

// Spaces in expectations are written as plain spaces and compared after turning NBSP into " ".
const plain = (s: string) => s.replaceAll(NBSP, " ");

describe("formatSek", () => {
  it("formats the domain's example", () => {
    expect(plain(formatSek("1234567.50"))).toBe("1 234 567,50 kr");
    expect(formatSek("1234567.5")).toBe(`1${NBSP}234${NBSP}567,50${NBSP}kr`);
  });
  it("pads and groups", () => {
    expect(plain(formatSek("0"))).toBe("0,00 kr");
    expect(plain(formatSek("999"))).toBe("999,00 kr");
    expect(plain(formatSek("1000"))).toBe("1 000,00 kr");
    expect(plain(formatSek("5000000"))).toBe("5 000 000,00 kr");
    expect(plain(formatSek(1450))).toBe("1 450,00 kr");
  });
  it("rounds half away from zero, exactly (no floats)", () => {
    expect(plain(formatSek("0.005"))).toBe("0,01 kr");
    expect(plain(formatSek("0.004999"))).toBe("0,00 kr");
    expect(plain(formatSek("999999.995"))).toBe("1 000 000,00 kr");
    expect(plain(formatSek("-2.345"))).toBe(`${MINUS}2,35 kr`);
    expect(plain(formatSek("12345678901234567890.125"))).toBe("12 345 678 901 234 567 890,13 kr");
    expect(plain(formatSek("1522.5", 0))).toBe("1 523 kr");
  });
  it("has no negative zero", () => {
    expect(plain(formatSek("-0.001"))).toBe("0,00 kr");
  });
  it("refuses what is not a number", () => {
    expect(() => formatSek("12,50")).toThrow(RangeError);
    expect(() => formatSek("abc")).toThrow(RangeError);
    expect(() => formatSek(Number.NaN)).toThrow(RangeError);
  });
});

describe("numbers", () => {
  it("formats integers and decimals", () => {
    expect(plain(formatInteger(10000))).toBe("10 000");
    expect(plain(formatInteger("9999.5"))).toBe("10 000");
    expect(formatDecimal("3.14159", 3)).toBe("3,142");
    expect(formatDecimal("007.10", 1)).toBe("7,1");
  });
  it("formats percentages", () => {
    expect(plain(formatPercent("0.038"))).toBe("3,8 %");
    expect(plain(formatPercent("0.02", 0))).toBe("2 %");
    expect(plain(formatPercent(1))).toBe("100,0 %");
  });
  it("parses Swedish input into IPC decimal strings", () => {
    expect(parseSwedishDecimal("1 234 567,50")).toBe("1234567.50");
    expect(parseSwedishDecimal(`1${NBSP}234,5`)).toBe("1234.5");
    expect(parseSwedishDecimal(`${MINUS}12`)).toBe("-12");
    expect(parseSwedishDecimal("0042")).toBe("42");
    expect(parseSwedishDecimal("12,3,4")).toBeNull();
    expect(parseSwedishDecimal("")).toBeNull();
    expect(parseSwedishDecimal("tolv")).toBeNull();
  });
  it("counts with Swedish plural", () => {
    expect(count(1, "leverantör", "leverantörer")).toBe("1 leverantör");
    expect(plain(count(1000, "leverantör", "leverantörer"))).toBe("1 000 leverantörer");
  });
});

describe("dates", () => {
  it("keeps ISO 8601 dates", () => {
    expect(formatDate("2026-12-15")).toBe("2026-12-15");
    expect(formatDate("2026-12-15T23:30:00")).toBe("2026-12-15");
    expect(formatDate(new Date(2028, 0, 1))).toBe("2028-01-01");
  });
  it("refuses impossible dates", () => {
    expect(() => formatDate("2026-02-30")).toThrow(RangeError);
    expect(() => formatDate("15/12/2026")).toThrow(RangeError);
    expect(() => formatDate(new Date("nej"))).toThrow(RangeError);
  });
  it("formats date and time, 24-hour", () => {
    expect(formatDateTime(new Date(2026, 11, 15, 9, 5))).toBe("2026-12-15 09:05");
  });
});
