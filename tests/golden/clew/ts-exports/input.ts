export function viaKeyword(): void {}
function viaList(): void {}
function renamed(): void {}
function notExported(): void {}
class ViaDefault {}
const viaListArrow = (): void => {};
export { viaList, renamed as other, viaListArrow };
export default ViaDefault;
export type Kept = number;
type Hidden = string;
export declare function declared(): void;
declare function declaredOnly(): void;
