import { DomainError } from '../core/domain-error';
/**
 * Payment data the gateway may keep (P3): a payment processor's customer reference and, at most,
 * the card brand and last four digits. Anything that looks like a card number is refused.
 */
export interface PaymentDetails {
  /** The processor's customer reference, e.g. `cus_NffrFeUfNV2Hib`. */
  readonly paymentRef?: string;
  /** e.g. `visa`. */
  readonly cardBrand?: string;
  /** Exactly four digits. */
  readonly cardLast4?: string;
}

export class InvalidPaymentDetailsError extends DomainError {
  readonly kind = 'invalid_input';
}

const PAYMENT_REF_PATTERN = /^[A-Za-z0-9_.:\-/ ]{1,128}$/;
const CARD_BRAND_PATTERN = /^[A-Za-z][A-Za-z ]{0,29}$/;

/** The Luhn checksum used by card numbers. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * True when the text contains what may be a card number: a run of 13 to 19 digits (spaces and
 * dashes between digits ignored, as people type them) that passes Luhn. A longer run is checked
 * window by window, so a card number cannot hide inside it with digits glued on.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(/\d(?:[ -]?\d)*/g)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length < 13) continue;
    if (digits.length <= 19) {
      if (passesLuhn(digits)) return true;
      continue;
    }
    for (let length = 13; length <= 19; length++) {
      for (let start = 0; start + length <= digits.length; start++) {
        if (passesLuhn(digits.slice(start, start + length))) return true;
      }
    }
  }
  return false;
}

const CARD_NUMBER_REFUSAL =
  "This looks like a card number. Tollgate never stores card numbers: give the payment processor's customer reference (e.g. cus_...) and at most the card brand and last four digits.";

/** Validates payment details; throws InvalidPaymentDetailsError naming the field. */
export function validatePaymentDetails(details: PaymentDetails): PaymentDetails {
  const { paymentRef, cardBrand, cardLast4 } = details;
  for (const value of [paymentRef, cardBrand, cardLast4]) {
    if (value !== undefined && containsCardNumber(value)) throw new InvalidPaymentDetailsError(CARD_NUMBER_REFUSAL);
  }
  if (paymentRef !== undefined && !PAYMENT_REF_PATTERN.test(paymentRef)) {
    throw new InvalidPaymentDetailsError('The payment reference must be 1 to 128 letters, digits or _ . : - / characters.');
  }
  if (cardBrand !== undefined && !CARD_BRAND_PATTERN.test(cardBrand)) {
    throw new InvalidPaymentDetailsError('The card brand must be a name such as visa or mastercard.');
  }
  if (cardLast4 !== undefined && !/^\d{4}$/.test(cardLast4)) {
    throw new InvalidPaymentDetailsError("The card's last digits must be exactly four digits.");
  }
  return details;
}
