import { isSupported } from "./binary.mjs";

// Per service, two method tables: XServiceWire (binary codecs, in *_wire.ts) and XServiceJson (JSON
// codecs, in *_json.ts). Separate files, so a program that never speaks JSON loads none of the JSON code.

// Unary methods whose messages have codecs (see isSupported); the others are left to protobuf-es.
function methodsOf(service) {
  return service.methods.filter(
    (method) => method.methodKind === "unary" && isSupported(method.input) && isSupported(method.output),
  );
}

export function serviceTables(service, scope, format) {
  const methods = methodsOf(service);
  if (methods.length === 0) return [];
  const lines = [];
  const table = (suffix, type, entry) => {
    lines.push([
      `/** The unary methods of \`${service.typeName}\`, ${suffix === "Wire" ? "binary" : "JSON"} codecs. */`,
    ]);
    lines.push([`export const ${service.name}${suffix}: {`]);
    for (const method of methods) {
      lines.push([
        `  readonly ${method.localName}: `,
        scope.type(type, "../wire-runtime.js"),
        "<",
        scope.shape(method.input),
        ", ",
        scope.shape(method.output),
        ">;",
      ]);
    }
    lines.push(["} = {"]);
    for (const method of methods) lines.push([`  ${method.localName}: { `, ...entry(method), " },"]);
    lines.push(["};"], []);
  };
  const names = (method) =>
    `service: "${service.typeName}", name: "${method.name}", input: "${method.input.typeName}", output: "${method.output.typeName}", `;
  if (format === "binary") {
    table("Wire", "WireMethod", (method) => [
      names(method),
      "encode: ",
      scope.fn("encode", method.input),
      ", decode: ",
      scope.fn("decode", method.output),
    ]);
  } else {
    table("Json", "JsonMethod", (method) => [
      names(method),
      "write: ",
      scope.fn("writeJson", method.input),
      ", read: ",
      scope.fn("readJson", method.output),
    ]);
  }
  return lines;
}
