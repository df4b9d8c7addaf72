# cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed.cmake
# Writes IN as a NUL-terminated C array NAME (the trace viewer page, which
# trace_convert.c splices the trace into).
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" hex "${hex}")
file(WRITE "${OUT}" "/* Generated from ${IN} by scripts/cmake/embed.cmake. */\nconst char ${NAME}[] = {\n${hex}0};\n")
