#!/usr/bin/env python3
"""Rewrite doc examples of the inner crates into the facade's paths.

A user reads autograd-core's, autograd-ops' and autograd-train's examples on the facade's
rustdoc pages, where `autograd_core::…` / `autograd_ops::…` cannot be written. This rewrites,
inside the Rust code blocks of `///` and `//!` comments only:

- `use autograd_ops::*;` / `use autograd_core::*;` -> `use autograd::prelude::*;` plus an
  import of each further name the example calls, by its family module
  (`use autograd::nn::{relu, softmax};`); core names sit at the facade's root.
- `use autograd_ops::{a, b};` -> the same names, each from its family (`autograd::linalg::matmul`).
- `use autograd_core::X` / `autograd_train::m::X` / `autograd_macros::X` -> `autograd::…`
  (the facade re-exports core and the macros at its root and train's modules by name).
- any other path `autograd_core::x` / `autograd_ops::x` in an example -> `autograd::…`.

Intra-doc link targets outside code blocks are left alone: rustdoc resolves them in the inner
crate, which does not depend on the facade.

Usage: autograd-dev/tools/facade_doc_paths.py [WORKSPACE_ROOT]   (default: the current directory). Idempotent.
"""

import re
import sys
from pathlib import Path

ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
CRATES = ["autograd-core", "autograd-ops", "autograd-train", "autograd-macros"]
INNER = r"autograd_(?:core|ops|train|macros)"

DOC = re.compile(r"^(\s*(?:///|//!) ?)(.*)$")
ITEM = re.compile(r"^pub (?:fn|struct|enum|trait|const|static|type) (\w+)", re.M)
NON_RUST = {"text", "console", "sh", "bash", "toml", "json", "python", "dot", "txt", "plain"}


def ops_families():
    """name -> module of autograd-ops in which it is defined (its family path)."""
    families = {}
    modules = set()
    src = ROOT / "autograd-ops" / "src"
    lib = (src / "lib.rs").read_text()
    for module in re.findall(r"^pub mod (\w+);", lib, re.M):
        modules.add(module)
        # A family is one file, or a folder of files by concern (all of it is the family).
        files = [src / f"{module}.rs"] + sorted((src / module).rglob("*.rs"))
        for path in files:
            if path.exists():
                for name in ITEM.findall(path.read_text()):
                    families.setdefault(name, module)
    return families, modules


def root_names(path, pattern):
    text = path.read_text()
    names = set()
    for group in re.findall(pattern, text, re.S):
        names.update(n.strip() for n in re.split(r"[,{}\s]+", group) if n.strip())
    return names


FAMILIES, OPS_MODULES = ops_families()
CORE = root_names(ROOT / "autograd-core" / "src" / "lib.rs", r"^pub use \w+::\{?([^;]*?)\}?;")
CORE |= set(re.findall(r"^pub mod (\w+);", (ROOT / "autograd-core/src/lib.rs").read_text(), re.M))
facade = (ROOT / "src" / "lib.rs").read_text()
PRELUDE = set()
for group in re.findall(
    r"pub use crate::\{([^}]*)\};", facade[facade.index("pub mod prelude") :], re.S
):
    PRELUDE.update(n.strip() for n in group.split(",") if n.strip())


def facade_path(name):
    """The facade path of a name exported by autograd-core or autograd-ops."""
    if name in FAMILIES:
        return f"autograd::{FAMILIES[name]}::{name}"
    return f"autograd::{name}"


def used_names(code, candidates):
    """Candidates the example refers to as free names (not methods, not paths, not its own)."""
    own = set(re.findall(r"\b(?:fn|struct|enum|mod|const|static|type|trait)\s+(\w+)", code))
    found = set()
    for name in candidates:
        if name in own:
            continue
        if re.search(rf"(?<![\w.:']){re.escape(name)}\b(?!\s*!)(?!\s*::)", code):
            found.add(name)
    return found


def import_lines(names):
    """`use` lines for `names` (a list keeps its order, a set is sorted), grouped by module."""
    groups = {}
    for name in names if isinstance(names, list) else sorted(names):
        module, _, item = facade_path(name).rpartition("::")
        groups.setdefault(module, []).append(item)
    lines = []
    for module in sorted(groups):
        items = groups[module]
        body = items[0] if len(items) == 1 else "{" + ", ".join(items) + "}"
        lines.append(f"use {module}::{body};")
    return lines


def strip_comments(code):
    return re.sub(r"//.*", "", code)


def rewrite_block(lines):
    """lines: (prefix, hidden, text) of one code block; returns the rewritten triples."""
    code = strip_comments("\n".join(text for _, _, text in lines))
    out = []
    done_globs = False
    for prefix, hidden, text in lines:
        stripped = text.strip()
        glob = re.fullmatch(rf"use ({INNER})::\*;", stripped)
        listed = re.fullmatch(r"use autograd_(?:core|ops)::\{?([\w\s,]*)\}?;", stripped)
        if glob:
            if done_globs:
                continue
            done_globs = True
            names = set()
            # Every glob of the block is answered at once: the candidates are all inner names.
            globbed = re.findall(rf"use ({INNER})::\*;", code)
            if "autograd_ops" in globbed:
                names |= used_names(code, set(FAMILIES) | {"TensorMath", "SpecialFunctions"})
            if "autograd_core" in globbed:
                names |= used_names(code, CORE)
            names -= PRELUDE
            indent = text[: len(text) - len(text.lstrip())]
            out.append((prefix, hidden, f"{indent}use autograd::prelude::*;"))
            for line in import_lines(names):
                out.append((prefix, hidden, indent + line))
        elif listed:
            names = [n.strip() for n in listed.group(1).split(",") if n.strip()]
            indent = text[: len(text) - len(text.lstrip())]
            if any(n in OPS_MODULES and n not in FAMILIES for n in names):
                out.append((prefix, hidden, re.sub(INNER, "autograd", text)))
                continue
            for line in import_lines(names):
                out.append((prefix, hidden, indent + line))
        else:
            out.append((prefix, hidden, rewrite_paths(text)))
    return out


def rewrite_paths(text):
    def one(m):
        crate, path = m.group(1), m.group(2)
        head = path.split("::")[0]
        if crate == "ops" and head in FAMILIES and head not in OPS_MODULES:
            return facade_path(head) + path[len(head) :]
        return "autograd::" + path

    return re.sub(r"\bautograd_(core|ops|train|macros)::([\w:]+)", one, text)


def rewrite_file(path):
    src = path.read_text()
    lines = src.split("\n")
    result = []
    block = None  # lines of the open Rust code block
    fence_rust = False
    for line in lines:
        m = DOC.match(line)
        if not m:
            if block is not None:  # a block left open by a malformed comment: keep as is
                result.extend(p + h + t for p, h, t in block)
                block = None
            result.append(line)
            continue
        prefix, body = m.group(1), m.group(2)
        fence = re.match(r"^\s*```(.*)$", body)
        if block is None:
            result.append(line)
            if fence:
                info = {w.strip() for w in fence.group(1).split(",") if w.strip()}
                fence_rust = not (info & NON_RUST)
                block = []
            continue
        if fence:
            rewritten = rewrite_block(block) if fence_rust else block
            result.extend(p + h + t for p, h, t in rewritten)
            result.append(line)
            block = None
            continue
        hidden = re.match(r"^(\s*# ?)(.*)$", body)
        if hidden and not body.lstrip().startswith("#["):
            block.append((prefix, hidden.group(1), hidden.group(2)))
        else:
            block.append((prefix, "", body))
    if block is not None:
        result.extend(p + h + t for p, h, t in block)
    new = "\n".join(result)
    if new != src:
        path.write_text(new)
        return True
    return False


def main():
    changed = []
    for crate in CRATES:
        for path in sorted((ROOT / crate / "src").rglob("*.rs")):
            if rewrite_file(path):
                changed.append(path.relative_to(ROOT))
    for path in changed:
        print(path)
    print(f"{len(changed)} files rewritten", file=sys.stderr)


if __name__ == "__main__":
    main()
