"""PyInstaller run-time hook: programs that Ibid starts get the user's environment, not ours.

The bootloader points LD_LIBRARY_PATH at the bundle, and PyInstaller's PySide6 hook sets
QT_PLUGIN_PATH and QML2_IMPORT_PATH to it. Programs that Ibid starts inherit them: xdg-open,
and the browser it opens a cited URL in, would load the bundle's libraries (Debian 12's GLib,
libstdc++, OpenSSL...) and its Qt plugins instead of their own, and may fail to start.
Ibid itself no longer needs them once it runs: the dynamic loader read LD_LIBRARY_PATH when the
process started, and Qt finds its plugins through the qt.conf the PySide6 hook registers. Ibid's
own child processes (``ibid index ...`` under QProcess) are set up again by the bootloader.

Custom run-time hooks run before PyInstaller's, so the clean-up waits for ``reader.app.main``.
"""


def _install() -> None:
    import functools
    import os

    import reader.app

    # What the user had, before PyInstaller's PySide6 hook overwrites it.
    user_values = {name: os.environ.get(name) for name in ("QT_PLUGIN_PATH", "QML2_IMPORT_PATH")}

    def restore_environment() -> None:
        original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)  # saved by the bootloader
        if original is None:
            os.environ.pop("LD_LIBRARY_PATH", None)
        else:
            os.environ["LD_LIBRARY_PATH"] = original
        for name, value in user_values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    main = reader.app.main

    @functools.wraps(main)
    def main_with_user_environment(*args, **kwargs):
        restore_environment()
        return main(*args, **kwargs)

    reader.app.main = main_with_user_environment


_install()
del _install
