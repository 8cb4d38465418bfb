"""A Linux desktop missing Qt's xcb libraries gets a French sentence naming the packages, not an abort."""

from socle_desktop.gui.x11_check import XCB_LIBRARIES, missing_libraries_message, uses_xcb


def test_only_x11_sessions_are_checked():
    assert uses_xcb({"DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0"}, "win32")


def test_missing_libraries_are_named_with_their_package():
    def loader(soname):
        if soname in ("libxcb-cursor.so.0", "libxcb-icccm.so.4"):
            raise OSError(soname)

    message = missing_libraries_message({"DISPLAY": ":0"}, load=loader)
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in message
    assert message.startswith("la fenêtre ne peut pas s'ouvrir")


def test_nothing_to_say_when_everything_loads():
    assert missing_libraries_message({"DISPLAY": ":0"}, load=lambda soname: None) is None
    assert len(XCB_LIBRARIES) >= 5
