#!/usr/bin/env python3
"""apply_tutorial.py DIR: follows README.md's "Add your own function" in the
plugin at DIR, as a reader would, so that the template stage can check that
the result builds and passes its checks.

Each step's code block is preceded, outside the fence (a reader never sees
it), by a comment `<!-- tutorial: ACTION ARGS -->` saying what a reader does
with it:
  new PATH                     write the block as the new file PATH
  append PATH                  add its lines at the end of PATH
  insert PATH before-last LINE put it before the last line of PATH that is LINE
  insert PATH class-end        put it before the closing brace of the first
                               `abstract final class` in PATH
  leaf-names PATH              add its `- name` lines to ffigen.yaml's leaf list
  ffigen                       regenerate the bindings: with no ffigen run
                               possible here (no Dart SDK, no libclang), append
                               what ffigen writes for the tutorial's functions,
                               kept in tool/lib/tutorial_bindings.txt
  run                          run the block with bash in DIR; it must succeed
Prints one line per step; exits 1 on the first step that fails.
"""
import os
import re
import subprocess
import sys

MARKER = re.compile(r"^<!-- tutorial: (.+?) -->\n+```[a-z]*\n(.*?)^```$", re.S | re.M)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def insert_lines(lines, index, block):
    return lines[:index] + block.splitlines(keepends=True) + lines[index:]


def apply(root, action, block):
    words = action.split(" ")
    kind = words[0]
    if kind == "run":
        subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=root, check=True)
        return
    if kind == "ffigen":
        path = os.path.join(root, "lib/src/bindings.g.dart")
        write(path, read(path).rstrip("\n") + "\n\n" + read(os.path.join(root, "tool/lib/tutorial_bindings.txt")))
        return
    path = os.path.join(root, words[1])
    if kind == "new":
        if os.path.exists(path):
            raise RuntimeError(f"{words[1]} exists already")
        write(path, block)
        return
    lines = read(path).splitlines(keepends=True)
    if kind == "append":
        write(path, "".join(lines) + block)
    elif kind == "insert" and words[2] == "before-last":
        wanted = " ".join(words[3:])
        found = [i for i, line in enumerate(lines) if line.rstrip("\n") == wanted]
        if not found:
            raise RuntimeError(f"{words[1]} has no line '{wanted}'")
        write(path, "".join(insert_lines(lines, found[-1], block + "\n")))
    elif kind == "insert" and words[2] == "class-end":
        start = next(i for i, line in enumerate(lines) if line.startswith("abstract final class "))
        end = next(i for i in range(start, len(lines)) if lines[i].rstrip("\n") == "}")
        write(path, "".join(insert_lines(lines, end, "\n" + block)))
    elif kind == "leaf-names":
        names = [line for line in block.splitlines(keepends=True) if re.match(r"^\s+- ", line)]
        leaf = next(i for i, line in enumerate(lines) if line.rstrip("\n") == "  leaf:")
        last = leaf + 1  # the `include:` line; its items follow, indented deeper
        while last + 1 < len(lines) and lines[last + 1].startswith("      "):
            last += 1
        write(path, "".join(lines[: last + 1] + names + lines[last + 1 :]))
    else:
        raise RuntimeError(f"unknown action '{action}'")


def main():
    root = sys.argv[1]
    readme = read(os.path.join(root, "README.md"))
    start = readme.index("\n## Add your own function")
    end = readme.index("\n## ", start + 1)
    steps = MARKER.findall(readme[start:end])
    if not steps:
        print("tutorial: README.md has no `<!-- tutorial: ... -->` steps")
        return 1
    for action, block in steps:
        try:
            apply(root, action, block)
        except (OSError, RuntimeError, StopIteration, IndexError, subprocess.CalledProcessError) as error:
            print(f"tutorial: FAIL: {action}: {error}")
            return 1
        print(f"tutorial: {action}")
    print(f"tutorial: {len(steps)} steps applied")
    return 0


if __name__ == "__main__":
    sys.exit(main())
