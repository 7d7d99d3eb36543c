import { containsCardNumber, passesLuhn, validatePaymentDetails } from '../../../lambda/account/payment-reference';

describe('card-number refusal', () => {
  it('knows the Luhn checksum', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('79927398713')).toBe(true);
  });

  it.each([
    ['a Visa test number', '4242424242424242'],
    ['a number typed with spaces', '4242 4242 4242 4242'],
    ['a number typed with dashes', '5555-5555-5555-4444'],
    ['a 13-digit Visa', '4222222222222'],
    ['a 19-digit number', '6011000990139424009'],
    ['a number inside a reference', 'cus_4242424242424242_x'],
    ['a number hidden in a run of more than 19 digits', '99994242424242424242999'],
  ])('refuses %s', (_label, value) => {
    expect(containsCardNumber(value)).toBe(true);
    expect(() => validatePaymentDetails({ paymentRef: value })).toThrow(/card number/);
  });

  it('accepts processor references, brands and last four digits', () => {
    expect(validatePaymentDetails({ paymentRef: 'cus_NffrFeUfNV2Hib', cardBrand: 'visa', cardLast4: '4242' })).toEqual({
      paymentRef: 'cus_NffrFeUfNV2Hib',
      cardBrand: 'visa',
      cardLast4: '4242',
    });
    expect(containsCardNumber('cus_123456789012')).toBe(false);
    // 16 digits failing Luhn are not a card number.
    expect(containsCardNumber('4242424242424241')).toBe(false);
  });

  it('refuses a card number given as brand or last digits, and last digits that are not four digits', () => {
    expect(() => validatePaymentDetails({ cardBrand: '4242424242424242' })).toThrow(/card number/);
    expect(() => validatePaymentDetails({ cardLast4: '4242424242424242' })).toThrow(/card number/);
    expect(() => validatePaymentDetails({ cardLast4: '42' })).toThrow(/four digits/);
    expect(() => validatePaymentDetails({ paymentRef: 'cus_<script>' })).toThrow(/payment reference/);
  });
});
