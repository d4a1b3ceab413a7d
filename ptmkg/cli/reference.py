"""The CLI reference (docs/cli.md), generated from the commands themselves; a test keeps
the checked-in page equal to this output. Regenerate: `make docs`."""

from __future__ import annotations

import click


def _walk(cmd: click.Command, path: list[str]):  # type: ignore[no-untyped-def]
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            yield from _walk(cmd.commands[name], path + [name])


def all_commands() -> list[tuple[list[str], click.Command]]:
    from ptmkg.cli import main_group

    return list(_walk(main_group, ["ptmkg"]))


def cli_reference() -> str:
    out = ["# ptmkg command reference", "", "Generated from the CLI by `make docs`; do not edit by hand.", ""]
    for path, cmd in all_commands():
        with click.Context(cmd, info_name=" ".join(path)) as ctx:
            help_text = cmd.get_help(ctx)
        out += [f"## `{' '.join(path)}`", "", "```text", help_text.rstrip(), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(cli_reference(), end="")
