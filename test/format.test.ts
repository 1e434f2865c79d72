/** Locale formatting and names for codes (src/domain/format.ts), with plain values. */
import { describe, expect, it } from 'vitest';
import { cscGroupName, formatCount, formatDate, formatDateTime, formatNumber, formatPValue, formatValue, instrumentName, sampleNote, unitOf } from '../src/domain/format';
import { indicatorCatalogue } from '../src/domain/indicators';

describe('numbers in the page language', () => {
  it('writes a decimal comma and a thousands dot in Vietnamese, the opposite in English', () => {
    expect(formatNumber(12.5, 'vi')).toBe('12,5');
    expect(formatNumber(12.5, 'en')).toBe('12.5');
    expect(formatNumber(1234, 'vi')).toBe('1.234');
    expect(formatNumber(1234567.25, 'en')).toBe('1,234,567.25');
    expect(formatNumber(2680, 'vi')).toBe('2.680');
    expect(formatNumber(-0.5, 'vi')).toBe('-0,5');
    expect(formatNumber(-0.001, 'vi')).toBe('0');
    expect(formatNumber(50, 'vi')).toBe('50');
    expect(formatNumber(2 / 3, 'vi', 1)).toBe('0,7');
  });
  it('puts the unit on: % close, a word after a space', () => {
    expect(formatValue(12.5, '%', 'vi')).toBe('12,5%');
    expect(formatValue(2.3, 'buổi', 'vi')).toBe('2,3 buổi');
    expect(formatValue(7, '', 'en')).toBe('7');
  });
  it('gives means and counts a unit in words', () => {
    const mean = indicatorCatalogue.find((d) => d.id === 'parenting-sessions-mean')!;
    expect(unitOf(mean, 'vi')).toBe('buổi');
    expect(unitOf(mean, 'en')).toBe('sessions');
    expect(indicatorCatalogue.filter((d) => !unitOf(d, 'vi') || !unitOf(d, 'en'))).toEqual([]);
  });
});

describe('dates and times', () => {
  it('writes dates dd/mm/yyyy in Vietnamese, day month year in English', () => {
    expect(formatDate('2026-11-21', 'vi')).toBe('21/11/2026');
    expect(formatDate('2026-03-01', 'en')).toBe('1 Mar 2026');
    expect(formatDate('not a date', 'vi')).toBe('not a date');
  });
  it("writes instants on Vietnam's clock", () => {
    expect(formatDateTime('2026-11-20T09:00:00.000Z', 'vi')).toBe('20/11/2026 16:00');
    expect(formatDateTime('2026-11-20T18:30:00Z', 'vi')).toBe('21/11/2026 01:30');
    expect(formatDateTime('2026-11-20T18:30:00Z', 'en')).toBe('21 Nov 2026, 01:30');
  });
});

describe('statistics in words', () => {
  it('never prints p = 0', () => {
    expect(formatPValue(0, 'vi')).toBe('p < 0,001');
    expect(formatPValue(0.00001, 'en')).toBe('p < 0.001');
    expect(formatPValue(0.0412, 'vi')).toBe('p = 0,041');
    expect(formatPValue(1, 'en')).toBe('p > 0.999');
  });
  it('labels n with what it counts', () => {
    expect(formatCount(26, 'household', 'vi')).toBe('26 hộ');
    expect(formatCount(26, 'household', 'en')).toBe('26 households');
    expect(formatCount(1, 'commune', 'en')).toBe('1 commune');
    expect(formatCount(1200, 'child', 'vi')).toBe('1.200 trẻ');
  });
  it('names each number a value rests on', () => {
    expect(sampleNote({ shape: 'ratio', unitOfAnalysis: 'commune' }, { n: 1, numerator: 26, denominator: 2680 }, 'vi')).toBe('26/2.680 · từ 1 xã');
    expect(sampleNote({ shape: 'ratio', unitOfAnalysis: 'commune' }, { n: 2, numerator: 26, denominator: 2680 }, 'en')).toBe('26/2,680 · from 2 communes');
    expect(sampleNote({ shape: 'proportion', unitOfAnalysis: 'household' }, { n: 26, numerator: 20, denominator: 26 }, 'vi')).toBe('n = 26 hộ · 20 có');
    expect(sampleNote({ shape: 'mean', unitOfAnalysis: 'household' }, { n: 26, numerator: 60, denominator: 26 }, 'en')).toBe('n = 26 households');
    // A census of communes is a count, not a sample: no n.
    expect(sampleNote({ shape: 'proportion', unitOfAnalysis: 'commune' }, { n: 3, numerator: 2, denominator: 3 }, 'vi')).toBe('2/3 xã');
    expect(sampleNote({ shape: 'proportion', unitOfAnalysis: 'commune' }, { n: 3, numerator: 2, denominator: 3 }, 'en')).toBe('2 of 3 communes');
    expect(sampleNote({ shape: 'count', unitOfAnalysis: 'commune' }, { n: 3, numerator: 12, denominator: 3 }, 'vi')).toBe('từ 3 xã');
  });
});

describe('names for codes', () => {
  it('names the 14 CSC groups, never "Nhóm 3"', () => {
    expect(cscGroupName('3', 'vi')).toBe('Không nơi nương tựa');
    expect(cscGroupName(10, 'en')).toBe('Exploited');
    for (let g = 1; g <= 14; g++) expect(cscGroupName(g, 'vi')).not.toMatch(/^\d+$/);
    expect(cscGroupName('99', 'vi')).toBe('99');
  });
  it('names an instrument by its title and version', () => {
    expect(instrumentName({ titleVi: 'Phiếu hộ', titleEn: 'Household', version: 2 }, 'vi')).toBe('Phiếu hộ (v2)');
    expect(instrumentName({ titleVi: 'Phiếu hộ', titleEn: 'Household', version: 2 }, 'en')).toBe('Household (v2)');
  });
});
