#!/usr/bin/env python3
"""Writes xueshi's manual page (man(7), UTF-8) from the help the program itself describes.

    python3 scripts/make_manpage.py .build/release/xueshi > xueshi.1
    man -l xueshi.1          # or install it: sudo cp xueshi.1 /usr/local/share/man/man1/

Why not argument-parser's generate-manual plugin: its mdoc writer drops every non-ASCII character,
and xueshi's help is Chinese. This reads the same description (`--experimental-dump-help`) and keeps it.
"""
import datetime
import json
import subprocess
import sys


def escape(text):
    """Roff text: backslashes doubled, a leading dot or quote made inert, dashes kept as typed."""
    lines = []
    for line in (text or "").replace("\\", "\\e").split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line.replace("-", "\\-"))
    return "\n".join(lines)


def names(argument):
    parts = []
    for name in argument.get("names", []):
        prefix = "-" if name["kind"] == "short" else "--"
        parts.append(prefix + name["name"])
    return ", ".join(parts)


def argument_label(argument):
    if argument["kind"] == "positional":
        label = "<%s>" % argument.get("valueName", "value")
        return label + (" ..." if argument.get("isRepeating") else "")
    label = names(argument)
    if argument["kind"] == "option":
        label += " <%s>" % argument.get("valueName", "value")
    return label


def command_section(command, path, out):
    full = " ".join(path)
    out.append(".SS %s" % escape(full) if len(path) > 1 else ".SH DESCRIPTION")
    if command.get("abstract"):
        out.append(escape(command["abstract"]))
    if command.get("discussion"):
        out.append(".PP")
        out.append(".nf")
        out.append(escape(command["discussion"]))
        out.append(".fi")
    for argument in command.get("arguments", []):
        if not argument.get("shouldDisplay", True) or argument.get("preferredName", {}).get("name") == "version":
            continue
        out.append(".TP")
        out.append("\\fB%s\\fR" % escape(argument_label(argument)))
        out.append(escape(argument.get("abstract", "")))
    for sub in command.get("subcommands", []):
        if sub.get("shouldDisplay", True):
            command_section(sub, path + [sub["commandName"]], out)


def main():
    executable = sys.argv[1] if len(sys.argv) > 1 else "xueshi"
    dump = json.loads(subprocess.run([executable, "--experimental-dump-help"], check=True,
                                     capture_output=True, text=True).stdout)
    root = dump["command"]
    # Left-aligned and without hyphenation: Chinese lines have no spaces to stretch or words to split.
    out = ['.TH XUESHI 1 "%s" "xueshi" "xueshi"' % datetime.date.today().isoformat(), ".ad l", ".nh",
           ".SH NAME", "xueshi \\- %s" % escape(root.get("abstract", "")),
           ".SH SYNOPSIS", "\\fBxueshi\\fR \\fIsubcommand\\fR [\\fIoptions\\fR]"]
    command_section(root, ["xueshi"], out)
    out += [".SH ENVIRONMENT", ".TP", "\\fBXUESHI_LEDGER\\fR", escape("学时库文件的路径（没有 --ledger 时使用）。"),
            ".TP", "\\fBXUESHI_LOG\\fR", escape("日志级别：warning（默认）、info、debug；日志写到标准错误输出。")]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
