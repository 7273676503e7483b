/**
 * The one number syntax of the command line: optional minus, digits, optional fraction. No
 * sign `+`, no spaces, no `0x`/`0b`/`0o`, no exponent, no `Infinity`: what `Number()` would
 * also take, such as `0b11` or `+5`, is refused rather than read as something else.
 */
export const decimalText = /^-?\d{1,16}(\.\d{1,16})?$/;

/** Integers in the same syntax, without a fraction. */
export const integerText = /^-?\d{1,16}$/;
