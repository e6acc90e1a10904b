// undici ships no declaration for its modules one by one; this one is the Pool class its index exports.
declare module "undici/lib/dispatcher/pool.js" {
  import type { Pool } from "undici";

  const PoolClass: typeof Pool;
  export default PoolClass;
}
