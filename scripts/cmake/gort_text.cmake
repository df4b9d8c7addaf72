# Renames the text sections of the runtime's objects to gort_text, in
# place, before they are archived (CMakeLists.txt: the runtime's pc range).
# -DOBJCOPY=<objcopy> -DOBJECTS=<obj>|<obj>|...
string(REPLACE "|" ";" objects "${OBJECTS}")
foreach(obj IN LISTS objects)
  execute_process(
    COMMAND ${OBJCOPY}
            --rename-section .text=gort_text
            --rename-section .text.unlikely=gort_text
            --rename-section .text.hot=gort_text
            --rename-section .text.startup=gort_text
            --rename-section .text.exit=gort_text
            ${obj}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "objcopy failed on ${obj}")
  endif()
endforeach()
