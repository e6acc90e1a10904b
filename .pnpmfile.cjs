// pnpm's manifest hook. machina (a dependency of livekit-client, used by examples/browser-join) declares
// Node >= 22.22, but it only ever runs inside the page's browser bundle there, never on Node: without
// this, a first install on Node 20 prints an engine warning a newcomer reads as breakage.
module.exports = {
  hooks: {
    readPackage(pkg) {
      if (pkg.name === "machina" && pkg.engines?.node) pkg.engines = { ...pkg.engines, node: "*" };
      return pkg;
    },
  },
};
