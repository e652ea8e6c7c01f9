"""``srkit serve``: the local web interview (needs the extra ``srkit[serve]``)."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli import reports_problems
from toolkit.cli.app import cli


@cli.command()
@click.argument(
    "folder",
    required=False,
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port (default: any free one)."
)
@click.option("--no-browser", is_flag=True, help="Do not open the browser; print the link only.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but this computer's own needs --allow-other-hosts.",
)
@click.option(
    "--allow-other-hosts",
    is_flag=True,
    help="Allow --host to be an address other computers can reach (not recommended).",
)
@reports_problems
def serve(folder: Path, port: int, no_browser: bool, host: str, allow_other_hosts: bool) -> None:
    """Fill in and edit the case files in FOLDER through a guided web page on this computer."""
    from toolkit.serve import missing_dependency

    missing = missing_dependency()
    if missing:
        raise click.ClickException(
            f"srkit serve needs the package '{missing}': pip install 'srkit[serve]'"
        )
    from toolkit.serve import serve as run
    from toolkit.serve.security import check_bind

    caution = check_bind(host, allow_other=allow_other_hosts)
    if caution:
        click.echo(f"srkit: warning: {caution}", err=True)

    def ready(url: str) -> None:
        click.echo(f"srkit serve: open {url}")
        click.echo("  (this link works until you stop srkit with Ctrl+C)", err=True)
        if not no_browser:
            import webbrowser

            webbrowser.open(url)

    run(folder.resolve(), host=host, port=port, on_ready=ready)
