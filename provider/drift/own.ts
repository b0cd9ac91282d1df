/**
 * Reading and writing own keys of plain objects whatever their name, for drift's walks over outputs and
 * expectations: a tag key may be `__proto__` or `constructor`, and must be neither looked up on the
 * prototype nor turned into one.
 *
 * @packageDocumentation
 */

/**
 * The value of an own key, `undefined` when the object has no such own key.
 *
 * @param o - an object.
 * @param key - any key.
 * @returns the value.
 */
export function own(o: object, key: string): unknown {
    return Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/**
 * Whether an object has an own key of that name.
 *
 * @param o - an object.
 * @param key - any key.
 * @returns true when the key is the object's own.
 */
export function hasOwn(o: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(o, key);
}

/**
 * Sets an own, enumerable key, whatever its name (even `__proto__`, a legal tag key).
 *
 * @param target - the object to set it on.
 * @param key - any key.
 * @param value - the value.
 */
export function define(target: Record<string, unknown>, key: string, value: unknown): void {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A value as a plain object, or `undefined` when it is not one (`null`, an array, a primitive).
 *
 * @param value - any value.
 * @returns the object, or `undefined`.
 */
export function asObject(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
}
