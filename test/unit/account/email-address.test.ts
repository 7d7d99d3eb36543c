import { normalizeEmail } from '../../../lambda/account/email-address';

describe('email validation', () => {
  it('trims and accepts ordinary addresses', () => {
    expect(normalizeEmail('  Ada.Lovelace+billing@Example.co.uk ')).toBe('Ada.Lovelace+billing@Example.co.uk');
  });

  it.each(['', 'ada', 'ada@', '@example.com', 'ada@example', 'ada @example.com', 'ada@exa mple.com', 'a@b@example.com', 42, undefined])(
    'refuses %p',
    (value) => {
      expect(() => normalizeEmail(value)).toThrow(/email/i);
    },
  );

  it('refuses addresses longer than 254 characters', () => {
    expect(() => normalizeEmail(`${'a'.repeat(250)}@example.com`)).toThrow(/254/);
  });
});
