# The Debian packages a school installs (issue 9): install rules per component and the CPack
# DEB configuration. `cmake --build build --target package` writes one .deb per component:
#   bbzhm-server   the school server, its systemd units, nightly backup, bbzhm-setup, sample forms
#   bbzhm-station  the student station and its kiosk session (X on tty7, no USB storage)
#   bbzhm-proctor  the representative's console (when the target exists)
#   bbzhm-ntc      the national side (when the target exists)
# Programs go to /usr (CPACK_PACKAGING_INSTALL_PREFIX); configuration to absolute /etc paths,
# listed as conffiles so that an upgrade keeps a technician's edits.

set(_inst ${PROJECT_SOURCE_DIR}/installer)
set(_guides ${PROJECT_SOURCE_DIR}/docs/TECHNICIAN_GUIDE.kk.md
            ${PROJECT_SOURCE_DIR}/docs/TECHNICIAN_GUIDE.ru.md)
set(_components server station)

# [server]
install(TARGETS bbzhm-server RUNTIME DESTINATION bin COMPONENT server)
install(PROGRAMS ${_inst}/server/bbzhm-setup DESTINATION sbin COMPONENT server)
install(FILES ${_inst}/server/bbzhm-server.service ${_inst}/server/bbzhm-backup.service
              ${_inst}/server/bbzhm-backup.timer
        DESTINATION lib/systemd/system COMPONENT server)
# The sample test forms, for `create-sitting --forms /usr/share/bbzhm/forms` until the NTC's
# signed packages exist (the compiled-in default points into the source tree).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/item_bank/samples/ DESTINATION share/bbzhm/forms
        COMPONENT server FILES_MATCHING PATTERN "*.json")
install(FILES ${_guides} DESTINATION share/doc/bbzhm-server COMPONENT server)

# [station]
install(TARGETS bbzhm-station RUNTIME DESTINATION bin COMPONENT station)
install(PROGRAMS ${_inst}/station/bbzhm-station-setup DESTINATION sbin COMPONENT station)
install(PROGRAMS ${_inst}/station/kiosk-session DESTINATION lib/bbzhm COMPONENT station)
install(FILES ${_inst}/station/bbzhm-kiosk.service DESTINATION lib/systemd/system
        COMPONENT station)
install(FILES ${_inst}/station/90-bbzhm-no-usb-storage.rules DESTINATION lib/udev/rules.d
        COMPONENT station)
set(_station_conffiles
    /etc/X11/xorg.conf.d/50-bbzhm-kiosk.conf
    /etc/modprobe.d/bbzhm-no-usb-storage.conf
    /etc/systemd/logind.conf.d/bbzhm-kiosk.conf
    /etc/sysctl.d/90-bbzhm-kiosk.conf
    /etc/pam.d/bbzhm-kiosk)
install(FILES ${_inst}/station/50-bbzhm-kiosk.conf DESTINATION /etc/X11/xorg.conf.d
        COMPONENT station)
install(FILES ${_inst}/station/bbzhm-no-usb-storage.conf DESTINATION /etc/modprobe.d
        COMPONENT station)
install(FILES ${_inst}/station/logind-bbzhm-kiosk.conf DESTINATION /etc/systemd/logind.conf.d
        RENAME bbzhm-kiosk.conf COMPONENT station)
install(FILES ${_inst}/station/sysctl-bbzhm-kiosk.conf DESTINATION /etc/sysctl.d
        RENAME 90-bbzhm-kiosk.conf COMPONENT station)
install(FILES ${_inst}/station/pam-bbzhm-kiosk DESTINATION /etc/pam.d RENAME bbzhm-kiosk
        COMPONENT station)
install(FILES ${_guides} DESTINATION share/doc/bbzhm-station COMPONENT station)

# [proctor] and [ntc], once their programs exist.
if(TARGET bbzhm-proctor)
  list(APPEND _components proctor)
  install(TARGETS bbzhm-proctor RUNTIME DESTINATION bin COMPONENT proctor)
  install(FILES ${_inst}/proctor/bbzhm-proctor.desktop DESTINATION share/applications
          COMPONENT proctor)
  install(FILES ${_guides} DESTINATION share/doc/bbzhm-proctor COMPONENT proctor)
endif()
if(TARGET bbzhm-ntc)
  list(APPEND _components ntc)
  install(TARGETS bbzhm-ntc RUNTIME DESTINATION bin COMPONENT ntc)
endif()

# [CPack]
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME bbzhm)
set(CPACK_PACKAGE_VENDOR "BBZhM project")
set(CPACK_PACKAGE_CONTACT "BBZhM maintainers <bbzhm@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Each package's summary (DESCRIPTION_SUMMARY, the Description's first line) is the first line
# of its CPACK_COMPONENT_<NAME>_DESCRIPTION: a project-wide CPACK_PACKAGE_DESCRIPTION_SUMMARY
# would be put in front of every one of them instead.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL ${_components})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# dpkg-shlibdeps (dpkg-dev) turns the binaries' libraries into Depends on Debian's runtime
# packages, so `apt install ./bbzhm-*.deb` pulls them from the mirror or the installation media.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://bbzhm.invalid/")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME bbzhm-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION education)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "sqlite3")
set(CPACK_COMPONENT_SERVER_DESCRIPTION
    "BBZhM school server: holds a sitting, scores it, keeps every answer\n\
The school-local server of a BBZhM (MODO) sitting in a computer lab: SQLite database,\n\
encrypted and authenticated connections to the student stations, scoring, results and a\n\
signed journal. Runs as the bbzhm system user under systemd (bbzhm-server.service, port\n\
7700); bbzhm-setup does the first run; bbzhm-backup.timer copies the database nightly.")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${_inst}/server/postinst ${_inst}/server/prerm ${_inst}/server/postrm)

set(CPACK_DEBIAN_STATION_PACKAGE_NAME bbzhm-station)
set(CPACK_DEBIAN_STATION_PACKAGE_SECTION education)
# The kiosk: a bare X session (xinit, the X server, input) with software OpenGL as a fallback
# and fonts with every Kazakh letter. The legacy setuid X wrapper is refused: the kiosk runs X
# without root, through logind. librsvg draws SVG figures; the kiosk opens it on the first SVG
# (dlopen), so dpkg-shlibdeps cannot see it.
set(CPACK_DEBIAN_STATION_PACKAGE_DEPENDS
    "adduser, xinit, xserver-xorg-core, xserver-xorg-input-libinput, x11-xserver-utils, x11-xkb-utils, libgl1-mesa-dri, fonts-noto-core, librsvg2-2")
set(CPACK_DEBIAN_STATION_PACKAGE_CONFLICTS "xserver-xorg-legacy")
set(CPACK_COMPONENT_STATION_DESCRIPTION
    "BBZhM student station: the kiosk a student takes the test on\n\
The student PC of a BBZhM (MODO) sitting: logs in with the slip's login and password, saves\n\
every answer to the school server the moment it is given, shows the results. Runs as the\n\
unprivileged bbzhm-kiosk user in a bare X session on tty7 (bbzhm-kiosk.service) with no\n\
desktop, no terminal and no switching consoles; USB storage is blocked. bbzhm-station-setup\n\
pairs the PC with the school server.")
set(_station_conffiles_file ${CMAKE_BINARY_DIR}/installer/station/conffiles)
string(REPLACE ";" "\n" _lines "${_station_conffiles}")
file(WRITE ${_station_conffiles_file} "${_lines}\n")
set(CPACK_DEBIAN_STATION_PACKAGE_CONTROL_EXTRA
    ${_inst}/station/postinst ${_inst}/station/prerm ${_inst}/station/postrm
    ${_station_conffiles_file})

set(CPACK_DEBIAN_PROCTOR_PACKAGE_NAME bbzhm-proctor)
set(CPACK_DEBIAN_PROCTOR_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PROCTOR_PACKAGE_DEPENDS "fonts-noto-core")
set(CPACK_COMPONENT_PROCTOR_DESCRIPTION
    "BBZhM representative's console\n\
The console of the ministry's authorized representative: lab readiness, identification,\n\
absences, the sitting's clock, permission to leave, incidents, the two acts, results.")

set(CPACK_DEBIAN_NTC_PACKAGE_NAME bbzhm-ntc)
set(CPACK_DEBIAN_NTC_PACKAGE_SECTION education)
set(CPACK_COMPONENT_NTC_DESCRIPTION
    "BBZhM national side (NTC)\n\
Receives and verifies every school's upload, processes results and reports back to schools.")

include(CPack)
