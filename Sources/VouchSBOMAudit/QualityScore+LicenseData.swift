// Generated from sbomqs v2.0.12's embedded license data (pkg/licenses/files/licenses_spdx.json,
// licenses_spdx_exception.json, licenses_aboutcode.json; SPDX License List "2e6a0e5" and the ScanCode LicenseDB),
// read with `git show v2.0.12:PATH` in interlynk-io/sbomqs: the lists sbomqs's licensing features look ids up in
// (pkg/licenses/embed_licenses.go). Do not edit; regenerate from those files when following a newer sbomqs.
extension SbomqsLicenses {
    /// Every SPDX license and exception id sbomqs knows (`source == "spdx"`), one per line, then ` deprecated`
    /// (`isDeprecatedLicenseId`) and ` restrictive` (the ScanCode entry of the same key has a category
    /// containing "copyleft" or "restricted": sbomqs's `overlayRestrictiveFromAboutCode`).
    static let spdxData = """
0BSD
389-exception restrictive
3D-Slicer-1.0
AAL
Abstyles
AdaCore-doc
Adobe-2006
Adobe-Display-PostScript
Adobe-Glyph
Adobe-Utopia
ADSL
Advanced-Cryptics-Dictionary
AFL-1.1
AFL-1.2
AFL-2.0
AFL-2.1
AFL-3.0
Afmparse
AGPL-1.0 deprecated restrictive
AGPL-1.0-only restrictive
AGPL-1.0-or-later restrictive
AGPL-3.0 deprecated restrictive
AGPL-3.0-only restrictive
AGPL-3.0-or-later restrictive
Aladdin restrictive
AMD-newlib
AMDPLPA
AML
AML-glslang
AMPAS
ANTLR-PD
ANTLR-PD-fallback
any-OSI
any-OSI-perl-modules
Apache-1.0
Apache-1.1
Apache-2.0
APAFML
APL-1.0 restrictive
App-s2p
APSL-1.0 restrictive
APSL-1.1 restrictive
APSL-1.2 restrictive
APSL-2.0 restrictive
Arphic-1999 restrictive
Artistic-1.0 restrictive
Artistic-1.0-cl8 restrictive
Artistic-1.0-Perl restrictive
Artistic-2.0 restrictive
Artistic-dist restrictive
Aspell-RU
Asterisk-exception restrictive
Asterisk-linking-protocols-exception restrictive
ASWF-Digital-Assets-1.0 restrictive
ASWF-Digital-Assets-1.1 restrictive
Autoconf-exception-2.0 restrictive
Autoconf-exception-3.0 restrictive
Autoconf-exception-generic restrictive
Autoconf-exception-generic-3.0 restrictive
Autoconf-exception-macro restrictive
Baekmuk
Bahyph
Barr
bcrypt-Solar-Designer
Beerware
Bison-exception-1.24 restrictive
Bison-exception-2.2 restrictive
Bitstream-Charter
Bitstream-Vera
BitTorrent-1.0 restrictive
BitTorrent-1.1 restrictive
blessing
BlueOak-1.0.0
Boehm-GC
Boehm-GC-without-fee
Bootloader-exception restrictive
Borceux
Brian-Gladman-2-Clause
Brian-Gladman-3-Clause
BSD-1-Clause
BSD-2-Clause
BSD-2-Clause-Darwin
BSD-2-Clause-first-lines
BSD-2-Clause-FreeBSD deprecated
BSD-2-Clause-NetBSD deprecated
BSD-2-Clause-Patent
BSD-2-Clause-pkgconf-disclaimer
BSD-2-Clause-Views
BSD-3-Clause
BSD-3-Clause-acpica
BSD-3-Clause-Attribution
BSD-3-Clause-Clear
BSD-3-Clause-flex
BSD-3-Clause-HP
BSD-3-Clause-LBNL
BSD-3-Clause-Modification
BSD-3-Clause-No-Military-License restrictive
BSD-3-Clause-No-Nuclear-License restrictive
BSD-3-Clause-No-Nuclear-License-2014 restrictive
BSD-3-Clause-No-Nuclear-Warranty restrictive
BSD-3-Clause-Open-MPI
BSD-3-Clause-Sun
BSD-3-Clause-Tso
BSD-4-Clause
BSD-4-Clause-Shortened
BSD-4-Clause-UC
BSD-4.3RENO
BSD-4.3TAHOE
BSD-Advertising-Acknowledgement
BSD-Attribution-HPND-disclaimer
BSD-Inferno-Nettverk
BSD-Mark-Modifications
BSD-Protection restrictive
BSD-Source-beginning-file
BSD-Source-Code
BSD-Systemics
BSD-Systemics-W3Works
BSL-1.0
Buddy
BUSL-1.1
bzip2-1.0.5 deprecated
bzip2-1.0.6
C-UDA-1.0 restrictive
CAL-1.0 restrictive
CAL-1.0-Combined-Work-Exception restrictive
Caldera restrictive
Caldera-no-preamble
Catharon
CATOSL-1.1 restrictive
CC-BY-1.0
CC-BY-2.0
CC-BY-2.5
CC-BY-2.5-AU
CC-BY-3.0
CC-BY-3.0-AT
CC-BY-3.0-AU
CC-BY-3.0-DE
CC-BY-3.0-IGO
CC-BY-3.0-NL
CC-BY-3.0-US
CC-BY-4.0
CC-BY-NC-1.0
CC-BY-NC-2.0
CC-BY-NC-2.5
CC-BY-NC-3.0
CC-BY-NC-3.0-DE
CC-BY-NC-4.0
CC-BY-NC-ND-1.0
CC-BY-NC-ND-2.0
CC-BY-NC-ND-2.5
CC-BY-NC-ND-3.0
CC-BY-NC-ND-3.0-DE
CC-BY-NC-ND-3.0-IGO
CC-BY-NC-ND-4.0
CC-BY-NC-SA-1.0
CC-BY-NC-SA-2.0
CC-BY-NC-SA-2.0-DE
CC-BY-NC-SA-2.0-FR
CC-BY-NC-SA-2.0-UK
CC-BY-NC-SA-2.5
CC-BY-NC-SA-3.0
CC-BY-NC-SA-3.0-DE
CC-BY-NC-SA-3.0-IGO
CC-BY-NC-SA-4.0
CC-BY-ND-1.0
CC-BY-ND-2.0
CC-BY-ND-2.5
CC-BY-ND-3.0
CC-BY-ND-3.0-DE
CC-BY-ND-4.0
CC-BY-SA-1.0 restrictive
CC-BY-SA-2.0 restrictive
CC-BY-SA-2.0-UK restrictive
CC-BY-SA-2.1-JP restrictive
CC-BY-SA-2.5 restrictive
CC-BY-SA-3.0 restrictive
CC-BY-SA-3.0-AT restrictive
CC-BY-SA-3.0-DE restrictive
CC-BY-SA-3.0-IGO restrictive
CC-BY-SA-4.0 restrictive
CC-PDDC
CC-PDM-1.0
CC-SA-1.0 restrictive
CC0-1.0
CDDL-1.0 restrictive
CDDL-1.1 restrictive
CDL-1.0 restrictive
CDLA-Permissive-1.0
CDLA-Permissive-2.0
CDLA-Sharing-1.0 restrictive
CECILL-1.0 restrictive
CECILL-1.1 restrictive
CECILL-2.0 restrictive
CECILL-2.1 restrictive
CECILL-B
CECILL-C restrictive
CERN-OHL-1.1
CERN-OHL-1.2
CERN-OHL-P-2.0
CERN-OHL-S-2.0 restrictive
CERN-OHL-W-2.0 restrictive
CFITSIO
CGAL-linking-exception restrictive
check-cvs
checkmk
ClArtistic restrictive
Classpath-exception-2.0 restrictive
Classpath-exception-2.0-short
Clips
CLISP-exception-2.0 restrictive
CMU-Mach
CMU-Mach-nodoc
CNRI-Jython
CNRI-Python
CNRI-Python-GPL-Compatible
COIL-1.0
Community-Spec-1.0
Condor-1.1
copyleft-next-0.3.0 restrictive
copyleft-next-0.3.1 restrictive
Cornell-Lossless-JPEG
CPAL-1.0 restrictive
CPL-1.0 restrictive
CPOL-1.02 restrictive
Cronyx
Crossword
CryptoSwift
cryptsetup-OpenSSL-exception restrictive
CrystalStacker
CUA-OPL-1.0 restrictive
Cube
curl
cve-tou
D-FSL-1.0 restrictive
DEC-3-Clause
diffmark
Digia-Qt-LGPL-exception-1.1 restrictive
DigiRule-FOSS-exception restrictive
DL-DE-BY-2.0
DL-DE-ZERO-2.0
DOC
DocBook-DTD
DocBook-Schema
DocBook-Stylesheet
DocBook-XML
Dotseqn
DRL-1.0
DRL-1.1
DSDP
dtoa
dvipdfm
ECL-1.0
ECL-2.0
eCos-2.0 deprecated restrictive
eCos-exception-2.0 restrictive
EFL-1.0
EFL-2.0
eGenix
Elastic-2.0
Entessa
EPICS
EPL-1.0 restrictive
EPL-2.0 restrictive
erlang-otp-linking-exception restrictive
ErlPL-1.1 restrictive
ESA-PL-permissive-2.4
ESA-PL-strong-copyleft-2.4
ESA-PL-weak-copyleft-2.4
etalab-2.0
EUDatagrid
EUPL-1.0 restrictive
EUPL-1.1 restrictive
EUPL-1.2 restrictive
Eurosym restrictive
Fair
Fawkes-Runtime-exception restrictive
FBM
FDK-AAC restrictive
Ferguson-Twofish
FLTK-exception restrictive
fmt-exception
Font-exception-2.0 restrictive
Frameworx-1.0 restrictive
FreeBSD-DOC
FreeImage restrictive
freertos-exception-2.0 restrictive
FSFAP
FSFAP-no-warranty-disclaimer
FSFUL
FSFULLR
FSFULLRSD
FSFULLRWD
FSL-1.1-ALv2
FSL-1.1-MIT
FTL
Furuseth
fwlw
Game-Programming-Gems
GCC-exception-2.0 restrictive
GCC-exception-2.0-note restrictive
GCC-exception-3.1 restrictive
GCR-docs restrictive
GD
generic-xts
GFDL-1.1 deprecated restrictive
GFDL-1.1-invariants-only restrictive
GFDL-1.1-invariants-or-later restrictive
GFDL-1.1-no-invariants-only restrictive
GFDL-1.1-no-invariants-or-later restrictive
GFDL-1.1-only restrictive
GFDL-1.1-or-later restrictive
GFDL-1.2 deprecated restrictive
GFDL-1.2-invariants-only restrictive
GFDL-1.2-invariants-or-later restrictive
GFDL-1.2-no-invariants-only restrictive
GFDL-1.2-no-invariants-or-later restrictive
GFDL-1.2-only restrictive
GFDL-1.2-or-later restrictive
GFDL-1.3 deprecated restrictive
GFDL-1.3-invariants-only restrictive
GFDL-1.3-invariants-or-later restrictive
GFDL-1.3-no-invariants-only restrictive
GFDL-1.3-no-invariants-or-later restrictive
GFDL-1.3-only restrictive
GFDL-1.3-or-later restrictive
Giftware
GL2PS restrictive
Glide restrictive
Glulxe
GLWTPL
Gmsh-exception restrictive
GNAT-exception restrictive
GNOME-examples-exception
GNU-compiler-exception restrictive
gnu-javamail-exception restrictive
gnuplot restrictive
GPL-1.0 deprecated restrictive
GPL-1.0+ deprecated restrictive
GPL-1.0-only restrictive
GPL-1.0-or-later restrictive
GPL-2.0 deprecated restrictive
GPL-2.0+ deprecated restrictive
GPL-2.0-only restrictive
GPL-2.0-or-later restrictive
GPL-2.0-with-autoconf-exception deprecated restrictive
GPL-2.0-with-bison-exception deprecated
GPL-2.0-with-classpath-exception deprecated restrictive
GPL-2.0-with-font-exception deprecated restrictive
GPL-2.0-with-GCC-exception deprecated restrictive
GPL-3.0 deprecated restrictive
GPL-3.0+ deprecated restrictive
GPL-3.0-389-ds-base-exception restrictive
GPL-3.0-interface-exception restrictive
GPL-3.0-linking-exception restrictive
GPL-3.0-linking-source-exception restrictive
GPL-3.0-only restrictive
GPL-3.0-or-later restrictive
GPL-3.0-with-autoconf-exception deprecated restrictive
GPL-3.0-with-GCC-exception deprecated restrictive
GPL-CC-1.0 restrictive
Graphics-Gems
gSOAP-1.3b restrictive
GStreamer-exception-2005
GStreamer-exception-2008
gtkbook
Gutmann
harbour-exception restrictive
HaskellReport
HDF5
hdparm
HIDAPI
Hippocratic-2.1 restrictive
HP-1986
HP-1989
HPND
HPND-DEC
HPND-doc
HPND-doc-sell
HPND-export-US restrictive
HPND-export-US-acknowledgement restrictive
HPND-export-US-modify
HPND-export2-US
HPND-Fenneberg-Livingston
HPND-INRIA-IMAG
HPND-Intel
HPND-Kevlin-Henney
HPND-Markus-Kuhn
HPND-merchantability-variant
HPND-MIT-disclaimer
HPND-Netrek
HPND-Pbmplus
HPND-sell-MIT-disclaimer-xserver
HPND-sell-regexpr
HPND-sell-variant
HPND-sell-variant-MIT-disclaimer
HPND-sell-variant-MIT-disclaimer-rev
HPND-SMC
HPND-UC
HPND-UC-export-US restrictive
HTMLTIDY
hyphen-bulgarian
i2p-gpl-java-exception restrictive
IBM-pibs
ICU
IEC-Code-Components-EULA
IJG
IJG-short
ImageMagick
iMatix
Imlib2 restrictive
Independent-modules-exception restrictive
Info-ZIP
Inner-Net-2.0
InnoSetup
Intel
Intel-ACPI
Interbase-1.0 restrictive
IPA restrictive
IPL-1.0 restrictive
ISC
ISC-Veillard
Jam
JasPer-2.0
jove
JPL-image
JPNIC
JSON
Kastrup
Kazlib
KiCad-libraries-exception restrictive
Knuth-CTAN
kvirc-openssl-exception
LAL-1.2 restrictive
LAL-1.3 restrictive
Latex2e
Latex2e-translated-notice
Leptonica
LGPL-2.0 deprecated restrictive
LGPL-2.0+ deprecated restrictive
LGPL-2.0-only restrictive
LGPL-2.0-or-later restrictive
LGPL-2.1 deprecated restrictive
LGPL-2.1+ deprecated restrictive
LGPL-2.1-only restrictive
LGPL-2.1-or-later restrictive
LGPL-3.0 deprecated restrictive
LGPL-3.0+ deprecated restrictive
LGPL-3.0-linking-exception restrictive
LGPL-3.0-only restrictive
LGPL-3.0-or-later restrictive
LGPLLR restrictive
Libpng
libpng-1.6.35
libpng-2.0
libpri-OpenH323-exception restrictive
libselinux-1.0
libtiff
Libtool-exception restrictive
libutil-David-Nugent
LiLiQ-P-1.1 restrictive
LiLiQ-R-1.1 restrictive
LiLiQ-Rplus-1.1 restrictive
Linux-man-pages-1-para restrictive
Linux-man-pages-copyleft restrictive
Linux-man-pages-copyleft-2-para restrictive
Linux-man-pages-copyleft-var restrictive
Linux-OpenIB
Linux-syscall-note restrictive
LLGPL restrictive
LLVM-exception
LOOP
LPD-document
LPL-1.0 restrictive
LPL-1.02 restrictive
LPPL-1.0 restrictive
LPPL-1.1 restrictive
LPPL-1.2 restrictive
LPPL-1.3a restrictive
LPPL-1.3c restrictive
lsof
Lucida-Bitmap-Fonts
LZMA-exception restrictive
LZMA-SDK-9.11-to-9.20
LZMA-SDK-9.22
Mackerras-3-Clause
Mackerras-3-Clause-acknowledgment
magaz
mailprio
MakeIndex restrictive
man2html
Martin-Birgmeier
McPhee-slideshow
metamail
mif-exception restrictive
Minpack
MIPS
MirOS
MIT
MIT-0
MIT-advertising
MIT-Click
MIT-CMU
MIT-enna
MIT-feh
MIT-Festival
MIT-Khronos-old
MIT-Modern-Variant
MIT-open-group
MIT-STK
MIT-testregex
MIT-Wu
MITNFA
MMIXware
Motosoto restrictive
MPEG-SSG
mpi-permissive
mpich2
MPL-1.0 restrictive
MPL-1.1 restrictive
MPL-2.0 restrictive
MPL-2.0-no-copyleft-exception restrictive
mplus
MS-LPL
MS-PL
MS-RL restrictive
MTLL
MulanPSL-1.0
MulanPSL-2.0
Multics
Mup
mxml-exception
NAIST-2003
NASA-1.3 restrictive
Naumen
NBPL-1.0 restrictive
NCBI-PD
NCGL-UK-2.0 restrictive
NCL
NCSA
Net-SNMP deprecated
NetCDF
Newsletr
NGPL restrictive
ngrep
NICTA-1.0
NIST-PD
NIST-PD-fallback
NIST-PD-TNT
NIST-Software
NLOD-1.0
NLOD-2.0
NLPL
Nokia restrictive
Nokia-Qt-exception-1.1 deprecated restrictive
NOSL restrictive
Noweb restrictive
NPL-1.0 restrictive
NPL-1.1 restrictive
NPOSL-3.0 restrictive
NRL
NTIA-PD
NTP
NTP-0
Nunit deprecated
O-UDA-1.0
OAR
OCaml-LGPL-linking-exception restrictive
OCCT-exception-1.0 restrictive
OCCT-PL restrictive
OCLC-2.0 restrictive
ODbL-1.0 restrictive
ODC-By-1.0
OFFIS
OFL-1.0
OFL-1.0-no-RFN
OFL-1.0-RFN
OFL-1.1 restrictive
OFL-1.1-no-RFN
OFL-1.1-RFN
OGC-1.0
OGDL-Taiwan-1.0
OGL-Canada-2.0
OGL-UK-1.0
OGL-UK-2.0
OGL-UK-3.0
OGTSL restrictive
OLDAP-1.1 restrictive
OLDAP-1.2 restrictive
OLDAP-1.3 restrictive
OLDAP-1.4 restrictive
OLDAP-2.0
OLDAP-2.0.1
OLDAP-2.1
OLDAP-2.2
OLDAP-2.2.1
OLDAP-2.2.2
OLDAP-2.3
OLDAP-2.4
OLDAP-2.5
OLDAP-2.6
OLDAP-2.7
OLDAP-2.8
OLFL-1.3
OML
OpenJDK-assembly-exception-1.0 restrictive
OpenPBS-2.3 restrictive
OpenSSL
OpenSSL-standalone
OpenVision
openvpn-openssl-exception restrictive
OPL-1.0 restrictive
OPL-UK-3.0
OPUBL-1.0
OSET-PL-2.1 restrictive
OSL-1.0 restrictive
OSL-1.1 restrictive
OSL-2.0 restrictive
OSL-2.1 restrictive
OSL-3.0 restrictive
OSSP
PADL
Parity-6.0.0 restrictive
Parity-7.0.0 restrictive
PCRE2-exception
PDDL-1.0
PHP-3.0
PHP-3.01
Pixar
pkgconf
Plexus
pnmstitch
PolyForm-Noncommercial-1.0.0
PolyForm-Small-Business-1.0.0
polyparse-exception restrictive
PostgreSQL
PPL restrictive
PS-or-PDF-font-exception-20170817 restrictive
PSF-2.0
psfrag
psutils
Python-2.0
Python-2.0.1
python-ldap
Qhull restrictive
QPL-1.0 restrictive
QPL-1.0-INRIA-2004 restrictive
QPL-1.0-INRIA-2004-exception restrictive
Qt-GPL-exception-1.0 restrictive
Qt-LGPL-exception-1.1 restrictive
Qwt-exception-1.0 restrictive
radvd
Rdisc
RHeCos-1.1 restrictive
romic-exception restrictive
RPL-1.1 restrictive
RPL-1.5 restrictive
RPSL-1.0 restrictive
RRDtool-FLOSS-exception-2.0 restrictive
RSA-MD
RSCPL restrictive
Ruby restrictive
Ruby-pty
SANE-exception restrictive
SAX-PD
SAX-PD-2.0
Saxpath
SCEA
SchemeReport
Sendmail
Sendmail-8.23 restrictive
Sendmail-Open-Source-1.1
SGI-B-1.0 restrictive
SGI-B-1.1
SGI-B-2.0
SGI-OpenGL
SGMLUG-PM
SGP4
SHL-0.5
SHL-0.51
SHL-2.0
SHL-2.1
SimPL-2.0 restrictive
Simple-Library-Usage-exception
SISSL
SISSL-1.2
SL
Sleepycat restrictive
SMAIL-GPL restrictive
SMLNJ
SMPPL restrictive
SNIA restrictive
snprintf
SOFA
softSurfer
Soundex
Spencer-86
Spencer-94
Spencer-99
SPL-1.0 restrictive
ssh-keyscan
SSH-OpenSSH
SSH-short
SSLeay-standalone
SSPL-1.0
StandardML-NJ deprecated
stunnel-exception restrictive
SugarCRM-1.1.3 restrictive
SUL-1.0 restrictive
Sun-PPP
Sun-PPP-2000
SunPro
SWI-exception restrictive
Swift-exception
SWL
swrule
Symlinks
TAPR-OHL-1.0 restrictive
TCL
TCP-wrappers
TekHVC
TermReadKey
Texinfo-exception restrictive
TGPPL-1.0 restrictive
ThirdEye
threeparttable
TMate restrictive
TORQUE-1.1 restrictive
TOSL restrictive
TPDL
TPL-1.0 restrictive
TrustedQSL
TTWL
TTYP0
TU-Berlin-1.0
TU-Berlin-2.0
u-boot-exception-2.0 restrictive
UBDL-exception restrictive
Ubuntu-font-1.0 restrictive
UCAR
UCL-1.0 restrictive
ulem
UMich-Merit
Unicode-3.0
Unicode-DFS-2015
Unicode-DFS-2016
Unicode-TOU
Universal-FOSS-exception-1.0 restrictive
UnixCrypt
Unlicense
Unlicense-libtelnet
Unlicense-libwhirlpool
UPL-1.0
URT-RLE restrictive
Vim restrictive
VOSTROM restrictive
vsftpd-openssl-exception restrictive
VSL-1.0
W3C
W3C-19980720
W3C-20150513
w3m
Watcom-1.0
Widget-Workshop
WordNet
Wsuipa
WTFNMFPL
WTFPL
wwl
wxWindows deprecated restrictive
WxWindows-exception-3.1 restrictive
X11
X11-distribute-modifications-variant
X11-no-permit-persons
X11-swapped
x11vnc-openssl-exception restrictive
Xdebug-1.03
Xerox
Xfig
XFree86-1.1
xinetd
xkeyboard-config-Zinoviev
xlock
Xnet
xpp
XSkat
xzoom
YPL-1.0 restrictive
YPL-1.1 restrictive
Zed
Zeeff
Zend-2.0
Zimbra-1.3 restrictive
Zimbra-1.4 restrictive
Zlib
zlib-acknowledgement
ZPL-1.1
ZPL-2.0
ZPL-2.1
"""

    /// ScanCode LicenseDB keys that are not SPDX ids (`source == "aboutcode"`), with the same flags; the
    /// `LicenseRef-` keys only when flagged (an unflagged `LicenseRef-` id scores the same as a custom one).
    static let aboutCodeData = """
AGPL-1.0+ restrictive
AGPL-3.0+ restrictive
Assembly-exception restrictive
BSD-2
GFDL-1.1+ restrictive
GFDL-1.2+ restrictive
GFDL-1.3+ restrictive
GPL restrictive
GPL 2.0 restrictive
GPL 2.0+ restrictive
LicenseRef-AGPL restrictive
LicenseRef-AGPL-3.0 restrictive
LicenseRef-GPL restrictive
LicenseRef-GPL-2.0 restrictive
LicenseRef-gpl-3.0 restrictive
LicenseRef-GPL-3.0-or-later restrictive
LicenseRef-KDE-Accepted-GPL restrictive
LicenseRef-KDE-Accepted-LGPL restrictive
LicenseRef-KFQF-Accepted-GPL restrictive
LicenseRef-LGPL restrictive
LicenseRef-LGPL-2 restrictive
LicenseRef-LGPL-2.0 restrictive
LicenseRef-LGPL-2.1 restrictive
LicenseRef-scancode-996-icu-1.0 restrictive
LicenseRef-scancode-ac3filter restrictive
LicenseRef-scancode-acdl-1.0 restrictive
LicenseRef-scancode-ada-linking-exception restrictive
LicenseRef-scancode-afpl-9.0 restrictive
LicenseRef-scancode-agpl-2.0 restrictive
LicenseRef-scancode-agpl-generic-additional-terms restrictive
LicenseRef-scancode-alfresco-exception-0.5 restrictive
LicenseRef-scancode-allen-institute-software-2018 restrictive
LicenseRef-scancode-altermime restrictive
LicenseRef-scancode-amd-aspf-2023 restrictive
LicenseRef-scancode-anepokis-1.0 restrictive
LicenseRef-scancode-angi-1.0 restrictive
LicenseRef-scancode-anti-capitalist-1.4 restrictive
LicenseRef-scancode-apple-mpeg-4 restrictive
LicenseRef-scancode-apromore-exception-2.0 restrictive
LicenseRef-scancode-aptana-1.0 restrictive
LicenseRef-scancode-aptana-exception-3.0 restrictive
LicenseRef-scancode-arphic-public restrictive
LicenseRef-scancode-artistic-1988-1.0 restrictive
LicenseRef-scancode-aslp restrictive
LicenseRef-scancode-aslr restrictive
LicenseRef-scancode-asn1cc-exception-gpl-2.0 restrictive
LicenseRef-scancode-aswf-digital-assets-1.0 restrictive
LicenseRef-scancode-aswf-digital-assets-1.1 restrictive
LicenseRef-scancode-atl-1.0 restrictive
LicenseRef-scancode-authorizenet-sdk restrictive
LicenseRef-scancode-autoconf-macro-exception restrictive
LicenseRef-scancode-autoconf-simple-exception restrictive
LicenseRef-scancode-autoconf-simple-exception-2.0 restrictive
LicenseRef-scancode-autoopts-exception-2.0 restrictive
LicenseRef-scancode-avisynth-c-exception restrictive
LicenseRef-scancode-avisynth-linking-exception restrictive
LicenseRef-scancode-bacula-exception restrictive
LicenseRef-scancode-bash-exception-gpl-2.0 restrictive
LicenseRef-scancode-bcm-linking-exception-2.0 restrictive
LicenseRef-scancode-biosl-4.0 deprecated
LicenseRef-scancode-bison-exception-2.0 restrictive
LicenseRef-scancode-bittorrent-1.2 restrictive
LicenseRef-scancode-blender-2010 restrictive
LicenseRef-scancode-blitz-artistic restrictive
LicenseRef-scancode-brad-martinez-vb-32 restrictive
LicenseRef-scancode-brankas-open-license-1.0 restrictive
LicenseRef-scancode-broadcom-linking-unmodified deprecated restrictive
LicenseRef-scancode-broadcom-unmodified-exception restrictive
LicenseRef-scancode-bsd-3-clause-no-military restrictive
LicenseRef-scancode-bsd-no-mod restrictive
LicenseRef-scancode-c-fsl-1.1 restrictive
LicenseRef-scancode-cavium-targeted-hardware restrictive
LicenseRef-scancode-cc-gpl-2.0-pt restrictive
LicenseRef-scancode-cc-lgpl-2.1-pt restrictive
LicenseRef-scancode-cc-sa-1.0 restrictive
LicenseRef-scancode-cclrc restrictive
LicenseRef-scancode-cecill-1.0-en restrictive
LicenseRef-scancode-cecill-2.0-fr restrictive
LicenseRef-scancode-cecill-2.1-fr restrictive
LicenseRef-scancode-cecill-c-en restrictive
LicenseRef-scancode-chillicream-1.0 restrictive
LicenseRef-scancode-cisco-avch264-patent restrictive
LicenseRef-scancode-civicrm-exception-to-agpl-3.0 restrictive
LicenseRef-scancode-clause-6-exception-lgpl-2.1 restrictive
LicenseRef-scancode-clojure-exception-to-gpl-3.0 restrictive
LicenseRef-scancode-codelite-exception-to-gpl restrictive
LicenseRef-scancode-cognitive-web-osl-1.1 restrictive
LicenseRef-scancode-colt restrictive
LicenseRef-scancode-cosli restrictive
LicenseRef-scancode-cpl-0.5 restrictive
LicenseRef-scancode-cpol-1.0 restrictive
LicenseRef-scancode-crypto-keys-redistribution restrictive
LicenseRef-scancode-csla restrictive
LicenseRef-scancode-cups restrictive
LicenseRef-scancode-cups-apple-os-exception restrictive
LicenseRef-scancode-cygwin-exception-2.0 restrictive
LicenseRef-scancode-cygwin-exception-3.0 restrictive
LicenseRef-scancode-cygwin-exception-lgpl-3.0-plus restrictive
LicenseRef-scancode-d-fsl-1.0-en restrictive
LicenseRef-scancode-dbcl-1.0 restrictive
LicenseRef-scancode-dbisl-1.0 restrictive
LicenseRef-scancode-dbmx-foss-exception-1.0.9 restrictive
LicenseRef-scancode-dbmx-linking-exception-1.0 restrictive
LicenseRef-scancode-defensive-patent-1.1 restrictive
LicenseRef-scancode-dejavu-font deprecated
LicenseRef-scancode-dennis-ferguson restrictive
LicenseRef-scancode-devblocks-1.0 restrictive
LicenseRef-scancode-dhb-lbnl-bsd-2007 restrictive
LicenseRef-scancode-dhb-limited-bsd-2015 restrictive
LicenseRef-scancode-divx-open-1.0 restrictive
LicenseRef-scancode-divx-open-2.1 restrictive
LicenseRef-scancode-dl-de-by-nc-1-0-de restrictive
LicenseRef-scancode-dl-de-by-nc-1-0-en restrictive
LicenseRef-scancode-dpl-1.1 restrictive
LicenseRef-scancode-drakvuf-exception-2.0 restrictive
LicenseRef-scancode-dual-commercial-gpl restrictive
LicenseRef-scancode-dune-exception restrictive
LicenseRef-scancode-dynarch-linkware restrictive
LicenseRef-scancode-eclipse-sua-2001 restrictive
LicenseRef-scancode-eclipse-sua-2002 restrictive
LicenseRef-scancode-eclipse-sua-2003 restrictive
LicenseRef-scancode-eclipse-sua-2004 restrictive
LicenseRef-scancode-eclipse-sua-2005 restrictive
LicenseRef-scancode-eclipse-sua-2010 restrictive
LicenseRef-scancode-eclipse-sua-2011 restrictive
LicenseRef-scancode-eclipse-sua-2014 restrictive
LicenseRef-scancode-eclipse-sua-2014-11 restrictive
LicenseRef-scancode-eclipse-sua-2017 restrictive
LicenseRef-scancode-ecma-documentation restrictive
LicenseRef-scancode-ecosrh-1.0 restrictive
LicenseRef-scancode-edrdg-2000 restrictive
LicenseRef-scancode-ekiga-exception-2.0-plus restrictive
LicenseRef-scancode-elib-gpl restrictive
LicenseRef-scancode-embedthis-extension restrictive
LicenseRef-scancode-enhydra-1.1 restrictive
LicenseRef-scancode-epo-osl-2005.1 restrictive
LicenseRef-scancode-exception-3.0 restrictive
LicenseRef-scancode-fair-ai-public-1.0 restrictive
LicenseRef-scancode-ffsl-1 restrictive
LicenseRef-scancode-flowplayer-gpl-3.0 restrictive
LicenseRef-scancode-fraunhofer-fdk-aac-codec restrictive
LicenseRef-scancode-free-fork restrictive
LicenseRef-scancode-frontier-1.0 restrictive
LicenseRef-scancode-fsf-regex-gpl restrictive
LicenseRef-scancode-gcc-compiler-exception-2.0 restrictive
LicenseRef-scancode-gcc-exception-3.0 restrictive
LicenseRef-scancode-gcel-2022 restrictive
LicenseRef-scancode-genode-agpl-3.0-exception restrictive
LicenseRef-scancode-geoserver-exception-2.0-plus restrictive
LicenseRef-scancode-ghostscript-1988 restrictive
LicenseRef-scancode-gnu-emacs-gpl-1985 restrictive
LicenseRef-scancode-gnu-emacs-gpl-1988 restrictive
LicenseRef-scancode-gpl-2.0-adaptec restrictive
LicenseRef-scancode-gpl-2.0-djvu restrictive
LicenseRef-scancode-gpl-2.0-koterov restrictive
LicenseRef-scancode-gpl-generic-additional-terms restrictive
LicenseRef-scancode-gsoap-1.3a restrictive
LicenseRef-scancode-gstreamer-exception-2.0 restrictive
LicenseRef-scancode-guile-exception-2.0 restrictive
LicenseRef-scancode-gust-font-1.0 restrictive
LicenseRef-scancode-gust-font-2006-09-30 restrictive
LicenseRef-scancode-h2-1.0 restrictive
LicenseRef-scancode-hacking-license restrictive
LicenseRef-scancode-hacos-1.2 restrictive
LicenseRef-scancode-hippocratic-1.0 restrictive
LicenseRef-scancode-hippocratic-1.1 restrictive
LicenseRef-scancode-hippocratic-1.2 restrictive
LicenseRef-scancode-hippocratic-2.0 restrictive
LicenseRef-scancode-Hippocratic-3.0 restrictive
LicenseRef-scancode-hot-potato deprecated
LicenseRef-scancode-houdini restrictive
LicenseRef-scancode-hp-netperf restrictive
LicenseRef-scancode-ic-1.0 restrictive
LicenseRef-scancode-ic-shared-1.0 restrictive
LicenseRef-scancode-ice-exception-2.0 restrictive
LicenseRef-scancode-imagen restrictive
LicenseRef-scancode-independent-module-linking-exception restrictive
LicenseRef-scancode-indie-module-linking-exception restrictive
LicenseRef-scancode-initial-developer-public restrictive
LicenseRef-scancode-inria-linking-exception restrictive
LicenseRef-scancode-installsite restrictive
LicenseRef-scancode-iolib-exception-2.0 restrictive
LicenseRef-scancode-issl-2018 restrictive
LicenseRef-scancode-issl-2022 restrictive
LicenseRef-scancode-itu-t restrictive
LicenseRef-scancode-itu-t-gpl restrictive
LicenseRef-scancode-jahia-1.3.1 restrictive
LicenseRef-scancode-jam-stapl restrictive
LicenseRef-scancode-jamon restrictive
LicenseRef-scancode-javascript-exception-2.0 restrictive
LicenseRef-scancode-jelurida-public-1.1 restrictive
LicenseRef-scancode-jj2000 restrictive
LicenseRef-scancode-josl-1.0 restrictive
LicenseRef-scancode-jpegxr restrictive
LicenseRef-scancode-jprs-oscl-1.1 restrictive
LicenseRef-scancode-karl-peterson restrictive
LicenseRef-scancode-kde-accepted-gpl restrictive
LicenseRef-scancode-kde-accepted-lgpl restrictive
LicenseRef-scancode-kfqf-accepted-gpl restrictive
LicenseRef-scancode-lattice-osl-2017 restrictive
LicenseRef-scancode-ldpc-1994 restrictive
LicenseRef-scancode-ldpc-1997 restrictive
LicenseRef-scancode-ldpc-1999 restrictive
LicenseRef-scancode-ldpgpl-1 restrictive
LicenseRef-scancode-ldpgpl-1a restrictive
LicenseRef-scancode-ldpl-2.0 restrictive
LicenseRef-scancode-ldpm-1998 restrictive
LicenseRef-scancode-lgpl-3-plus-linking restrictive
LicenseRef-scancode-lha restrictive
LicenseRef-scancode-liberation-font-exception restrictive
LicenseRef-scancode-libticables2-exception-gpl-2.0 restrictive
LicenseRef-scancode-libtool-exception-lgpl restrictive
LicenseRef-scancode-libwebsockets-exception restrictive
LicenseRef-scancode-linking-exception-2.0-plus restrictive
LicenseRef-scancode-linking-exception-2.1-plus restrictive
LicenseRef-scancode-linking-exception-agpl-3.0 restrictive
LicenseRef-scancode-linking-exception-lgpl-2.0-plus restrictive
LicenseRef-scancode-linking-exception-lgpl-2.0plus restrictive
LicenseRef-scancode-linking-exception-lgpl-3.0 restrictive
LicenseRef-scancode-llgpl restrictive
LicenseRef-scancode-lmbench-exception-2.0 restrictive
LicenseRef-scancode-losla restrictive
LicenseRef-scancode-lppl-1.3b restrictive
LicenseRef-scancode-lzma-sdk-2006 restrictive
LicenseRef-scancode-lzma-sdk-2006-exception restrictive
LicenseRef-scancode-lzma-sdk-2008 restrictive
LicenseRef-scancode-lzma-sdk-original restrictive
LicenseRef-scancode-magpie-exception-1.0 restrictive
LicenseRef-scancode-mame restrictive
LicenseRef-scancode-manfred-klein-fonts-tos restrictive
LicenseRef-scancode-matthew-welch-font-license restrictive
LicenseRef-scancode-maxmind-geolite2-eula-2019 restrictive
LicenseRef-scancode-maxmind-odl restrictive
LicenseRef-scancode-merit-network-derivative restrictive
LicenseRef-scancode-metrolink-1.0 restrictive
LicenseRef-scancode-mike95 restrictive
LicenseRef-scancode-mini-xml-exception-lgpl-2.0 restrictive
LicenseRef-scancode-mldonkey-exception-gpl-2.0 restrictive
LicenseRef-scancode-monetdb-1.1 restrictive
LicenseRef-scancode-monkeysaudio restrictive
LicenseRef-scancode-ms-cl restrictive
LicenseRef-scancode-ms-specification restrictive
LicenseRef-scancode-msntp restrictive
LicenseRef-scancode-mulanpubl-1.0 restrictive
LicenseRef-scancode-mulanpubl-2.0 restrictive
LicenseRef-scancode-mule-source-1.1.3 restrictive
LicenseRef-scancode-mule-source-1.1.4 restrictive
LicenseRef-scancode-musescore-exception-gpl-2.0 restrictive
LicenseRef-scancode-mvt-1.1 restrictive
LicenseRef-scancode-mysql-con-odbc-exception-2.0 restrictive
LicenseRef-scancode-mysql-connector-odbc-exception-2.0 restrictive
LicenseRef-scancode-mysql-floss-exception-2.0 restrictive
LicenseRef-scancode-mysql-linking-exception-2018 restrictive
LicenseRef-scancode-nant-exception-2.0-plus restrictive
LicenseRef-scancode-naughter restrictive
LicenseRef-scancode-nicta-exception restrictive
LicenseRef-scancode-npsl-exception-0.92 restrictive
LicenseRef-scancode-npsl-exception-0.93 restrictive
LicenseRef-scancode-npsl-exception-0.94 restrictive
LicenseRef-scancode-npsl-exception-0.95 restrictive
LicenseRef-scancode-oclc-1.0 restrictive
LicenseRef-scancode-ocsl-1.0 restrictive
LicenseRef-scancode-oculus-sdk restrictive
LicenseRef-scancode-odb-ncuel restrictive
LicenseRef-scancode-ofrak-community-1.0 restrictive
LicenseRef-scancode-ohdl-1.0 restrictive
LicenseRef-scancode-okl restrictive
LicenseRef-scancode-open-diameter restrictive
LicenseRef-scancode-openbd-exception-3.0 restrictive
LicenseRef-scancode-opengroup-pl restrictive
LicenseRef-scancode-openi-pl-1.0 restrictive
LicenseRef-scancode-openjdk-classpath-exception-2.0 restrictive
LicenseRef-scancode-openjdk-classpath-exception2.0 restrictive
LicenseRef-scancode-openjdk-exception restrictive
LicenseRef-scancode-openmap restrictive
LicenseRef-scancode-openmotif-exception-2.0-plus restrictive
LicenseRef-scancode-openmrs-exception-to-mpl-2.0 restrictive
LicenseRef-scancode-openpace-exception-gpl restrictive
LicenseRef-scancode-openpbs-2.3 restrictive
LicenseRef-scancode-opensc-openssl-openpace-exception-gpl restrictive
LicenseRef-scancode-openssl-exception-agpl-3.0 restrictive
LicenseRef-scancode-openssl-exception-agpl-3.0-monit restrictive
LicenseRef-scancode-openssl-exception-agpl-3.0-plus restrictive
LicenseRef-scancode-openssl-exception-agpl3.0monit restrictive
LicenseRef-scancode-openssl-exception-agpl3.0plus restrictive
LicenseRef-scancode-openssl-exception-gpl-2.0 restrictive
LicenseRef-scancode-openssl-exception-gpl-2.0-plus restrictive
LicenseRef-scancode-openssl-exception-gpl-3.0-plus restrictive
LicenseRef-scancode-openssl-exception-lgpl restrictive
LicenseRef-scancode-openssl-exception-lgpl-2.0-plus restrictive
LicenseRef-scancode-openssl-exception-lgpl-3.0-plus restrictive
LicenseRef-scancode-openssl-exception-lgpl2.0plus restrictive
LicenseRef-scancode-openssl-exception-lgpl3.0plus restrictive
LicenseRef-scancode-openssl-exception-mongodb-sspl restrictive
LicenseRef-scancode-opl-1.0 restrictive
LicenseRef-scancode-oracle-code-samples-bsd restrictive
LicenseRef-scancode-oracle-mysql-foss-exception-2.0 restrictive
LicenseRef-scancode-oracle-mysql-foss-exception2.0 restrictive
LicenseRef-scancode-oracle-openjdk-classpath-exception-2.0 restrictive
LicenseRef-scancode-oracle-openjdk-exception-2.0 restrictive
LicenseRef-scancode-other-copyleft restrictive
LicenseRef-scancode-paul-hsieh-derivative restrictive
LicenseRef-scancode-paul-hsieh-exposition restrictive
LicenseRef-scancode-pbl-1.0 restrictive
LicenseRef-scancode-pdl-1.0 restrictive
LicenseRef-scancode-pftijah-1.1 restrictive
LicenseRef-scancode-photoprism-exception-3.0 restrictive
LicenseRef-scancode-pixabay-content restrictive
LicenseRef-scancode-planet-source-code restrictive
LicenseRef-scancode-pretalx-exception-3.0 restrictive
LicenseRef-scancode-pretix-exception-3.0 restrictive
LicenseRef-scancode-proguard-exception-2.0 restrictive
LicenseRef-scancode-qcad-exception-gpl restrictive
LicenseRef-scancode-qskinny-exception-lgpl-2.1 restrictive
LicenseRef-scancode-qt-company-exception-lgpl-2.1 restrictive
LicenseRef-scancode-qt-kde-linking-exception restrictive
LicenseRef-scancode-qt-qca-exception-2.0 restrictive
LicenseRef-scancode-qualcomm-iso restrictive
LicenseRef-scancode-rackspace restrictive
LicenseRef-scancode-radiance-sl-v2.0 restrictive
LicenseRef-scancode-reactos-exception-gpl-2.0 restrictive
LicenseRef-scancode-rh-eula restrictive
LicenseRef-scancode-rh-eula-gpl2 restrictive
LicenseRef-scancode-rh-eula-lgpl restrictive
LicenseRef-scancode-riverbank-sip restrictive
LicenseRef-scancode-rrdtool-floss-exception-2.0 restrictive
LicenseRef-scancode-rsa-md2 restrictive
LicenseRef-scancode-rtems-exception-2.0 restrictive
LicenseRef-scancode-rxtx-exception-lgpl-2.1 restrictive
LicenseRef-scancode-sane-exception-2.0-plus restrictive
LicenseRef-scancode-scsl-2.8 restrictive
LicenseRef-scancode-scsl-3.0 restrictive
LicenseRef-scancode-sencha-app-floss-exception restrictive
LicenseRef-scancode-sencha-dev-floss-exception restrictive
LicenseRef-scancode-signal-gpl-3.0-exception restrictive
LicenseRef-scancode-six-labors-split-1.0 restrictive
LicenseRef-scancode-skip-2014 restrictive
LicenseRef-scancode-slint-royalty-free-1.0 restrictive
LicenseRef-scancode-smail-gpl restrictive
LicenseRef-scancode-soml-1.0 restrictive
LicenseRef-scancode-spell-checker-exception-lgpl-2.1-plus restrictive
LicenseRef-scancode-spell-exception-lgpl-2.1-plus restrictive
LicenseRef-scancode-st-bsd-restricted restrictive
LicenseRef-scancode-stanford-mrouted restrictive
LicenseRef-scancode-statewizard restrictive
LicenseRef-scancode-stax restrictive
LicenseRef-scancode-stmicroelectronics-centrallabs restrictive
LicenseRef-scancode-strongswan-exception restrictive
LicenseRef-scancode-subcommander-exception-2.0-plus restrictive
LicenseRef-scancode-subcommander-exception-2.0plus restrictive
LicenseRef-scancode-sun-bsd-extra restrictive
LicenseRef-scancode-sun-no-high-risk-activities restrictive
LicenseRef-scancode-sun-sissl-1.0 restrictive
LicenseRef-scancode-sun-ssscfr-1.1 restrictive
LicenseRef-scancode-sustainable-use-1.0 restrictive
LicenseRef-scancode-synopsys-attribution restrictive
LicenseRef-scancode-syntext-serna-exception-1.0 restrictive
LicenseRef-scancode-tanuki-community-sla-1.0 restrictive
LicenseRef-scancode-tanuki-community-sla-1.1 restrictive
LicenseRef-scancode-tanuki-community-sla-1.2 restrictive
LicenseRef-scancode-tanuki-community-sla-1.3 restrictive
LicenseRef-scancode-tex-exception restrictive
LicenseRef-scancode-tgppl-1.0 restrictive
LicenseRef-scancode-the-stack-tos-2023-07 restrictive
LicenseRef-scancode-thomas-bandt restrictive
LicenseRef-scancode-thor-pl restrictive
LicenseRef-scancode-tpl-1.0 restrictive
LicenseRef-scancode-tpl-2.0 restrictive
LicenseRef-scancode-trca-odl-1.0 restrictive
LicenseRef-scancode-trolltech-gpl-exception-1.0 restrictive
LicenseRef-scancode-trolltech-gpl-exception-1.1 restrictive
LicenseRef-scancode-trolltech-gpl-exception-1.2 restrictive
LicenseRef-scancode-truecrypt-3.1 restrictive
LicenseRef-scancode-txl-10.5 restrictive
LicenseRef-scancode-ubdl restrictive
LicenseRef-scancode-ubuntu-font-1.0 restrictive
LicenseRef-scancode-unlimited-binary-linking deprecated
LicenseRef-scancode-unlimited-link-exception-gpl restrictive
LicenseRef-scancode-unlimited-link-exception-lgpl restrictive
LicenseRef-scancode-unlimited-linking-exception-gpl restrictive
LicenseRef-scancode-unlimited-linking-exception-lgpl restrictive
LicenseRef-scancode-unsplash restrictive
LicenseRef-scancode-upx-exception-2.0-plus restrictive
LicenseRef-scancode-us-govt-geotranform restrictive
LicenseRef-scancode-vbaccelerator restrictive
LicenseRef-scancode-vcvrack-exception-to-gpl-3.0 restrictive
LicenseRef-scancode-verbatim-manual restrictive
LicenseRef-scancode-vhfpl-1.1 restrictive
LicenseRef-scancode-viewflow-agpl-3.0-exception restrictive
LicenseRef-scancode-vita-nuova-liberal restrictive
LicenseRef-scancode-volatility-vsl-v1.0 restrictive
LicenseRef-scancode-vpl-1.1 restrictive
LicenseRef-scancode-vpl-1.2 restrictive
LicenseRef-scancode-vym-exception-2.0 restrictive
LicenseRef-scancode-w3c-docs-19990405 restrictive
LicenseRef-scancode-w3c-docs-20021231 restrictive
LicenseRef-scancode-w3c-documentation restrictive
LicenseRef-scancode-w3c-test-suite restrictive
LicenseRef-scancode-waterfall-feed-parser restrictive
LicenseRef-scancode-woodruff-2002 restrictive
LicenseRef-scancode-wxwindows-free-doc-3 restrictive
LicenseRef-scancode-wxwindows-r-3.0 restrictive
LicenseRef-scancode-x11-ibm restrictive
LicenseRef-scancode-xenomai-gpl-exception restrictive
LicenseRef-scancode-xilinx-2016 restrictive
LicenseRef-scancode-zeromq-exception-lgpl-3.0 restrictive
LicenseRef-scancode-zrythm-exception-agpl-3.0 restrictive
LicenseRef-UFL-1.0 restrictive
Verbatim-man-pages restrictive
"""
}
