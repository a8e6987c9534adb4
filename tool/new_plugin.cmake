# new_plugin.cmake: writes a copy of this template as a new plugin, every
# identifier renamed. The one implementation: tool/new_plugin (POSIX shell)
# calls it, and on Windows it runs as it is:
#
#   cmake -DNAME=my_codec -DDIR=../my_codec [-DMINIMAL=ON] -P tool/new_plugin.cmake
#
# NAME: lowercase letters, digits and underscores, starting with a letter; not
# a Dart reserved word. It becomes the Dart package and C library name and the
# symbol prefix: app_core -> NAME, APP_CORE -> NAME in capitals, AppCore ->
# NAME in PascalCase (class names), in file contents and file names alike.
# DIR must not exist or be empty. Nothing is written unless both are valid.
# MINIMAL=ON keeps the machinery and one sync, one async and one streaming
# example (see the list in template_minimal.txt).
cmake_minimum_required(VERSION 3.21) # file(COPY_FILE)

# A refusal is one line. cmake_language(EXIT) (CMake 3.29+) ends the script
# without CMake's error header and call stack; older CMakes have only
# FATAL_ERROR, whose extra lines tool/new_plugin filters out.
function(fail message)
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.29)
    message(NOTICE "new_plugin: ${message}")
    cmake_language(EXIT 2)
  endif()
  message(FATAL_ERROR "new_plugin: ${message}")
endfunction()

get_filename_component(template_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

# ---- validate the inputs; nothing is written before this section ends

if(NOT DEFINED NAME OR NAME STREQUAL "")
  fail("NAME is missing. Usage: tool/new_plugin [--minimal] NAME DIR")
endif()
if(NOT DEFINED DIR OR DIR STREQUAL "")
  fail("DIR is missing. Usage: tool/new_plugin [--minimal] NAME DIR")
endif()
if(NOT NAME MATCHES "^[a-z][a-z0-9_]*$")
  fail("'${NAME}' is not a valid name: use lowercase letters, digits and underscores, starting with a letter (e.g. my_codec)")
endif()
if(NAME MATCHES "__" OR NAME MATCHES "_$")
  fail("'${NAME}' is not a valid name: no double or trailing underscore (NAME__ is the prefix of internal symbols)")
endif()
if(NAME MATCHES "app_core")
  fail("'${NAME}' contains 'app_core'; choose a name of its own")
endif()
# Dart's reserved words, built-in identifiers and contextual keywords: pub
# refuses such package names, and most cannot name a library or class.
set(dart_words
    abstract as assert async await base break case catch class const continue covariant default deferred do
    dynamic else enum export extends extension external factory false final finally for function get hide if
    implements import in interface is late library mixin native new null of on operator part patch required
    rethrow return sealed set show source static super switch sync this throw true try type typedef var void
    when while with yield)
if(NAME IN_LIST dart_words)
  fail("'${NAME}' is a Dart reserved word; Dart cannot use it as a package name")
endif()

# A relative DIR is taken from the caller's directory: the shell's logical
# $PWD (tool/new_plugin passes it), else, as on Windows, cmake's own.
set(caller_dir "${CMAKE_CURRENT_SOURCE_DIR}") # -P sets it to the working directory
if(NOT WIN32 AND NOT "$ENV{PWD}" STREQUAL "")
  set(caller_dir "$ENV{PWD}")
endif()
get_filename_component(target_root "${DIR}" ABSOLUTE BASE_DIR "${caller_dir}")
if(EXISTS "${target_root}")
  if(NOT IS_DIRECTORY "${target_root}")
    fail("'${DIR}' exists and is not a directory")
  endif()
  file(GLOB existing LIST_DIRECTORIES true "${target_root}/*" "${target_root}/.*")
  if(existing)
    fail("'${DIR}' is not empty; give a new or empty directory")
  endif()
endif()
string(FIND "${target_root}/" "${template_root}/" inside)
if(inside EQUAL 0)
  fail("'${DIR}' is inside the template; give a directory outside it")
endif()

# ---- the names

string(TOUPPER "${NAME}" upper_name)
string(REPLACE "_" ";" name_parts "${NAME}")
set(pascal_name "")
foreach(part IN LISTS name_parts)
  string(SUBSTRING "${part}" 0 1 first)
  string(SUBSTRING "${part}" 1 -1 rest)
  string(TOUPPER "${first}" first)
  string(APPEND pascal_name "${first}${rest}")
endforeach()

# ---- the files: what git tracks, or (outside a checkout) every file but build outputs

find_package(Git QUIET)
set(files "")
if(GIT_FOUND AND EXISTS "${template_root}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" -c core.quotepath=off ls-files WORKING_DIRECTORY "${template_root}"
                  OUTPUT_VARIABLE listing RESULT_VARIABLE status)
  if(status EQUAL 0)
    string(STRIP "${listing}" listing)
    string(REPLACE "\n" ";" files "${listing}")
  endif()
endif()
if(files STREQUAL "")
  file(GLOB_RECURSE files RELATIVE "${template_root}" "${template_root}/*")
endif()
set(kept "")
foreach(file IN LISTS files)
  if(file STREQUAL "" OR file MATCHES "(^|/)(build|\\.dart_tool|node_modules|\\.git)/" OR file MATCHES "\\.log$"
     OR file MATCHES "(^|/)pubspec\\.lock$")
    continue()
  endif()
  list(APPEND kept "${file}")
endforeach()

# ---- names that cannot work, derived from the template (its whole file list,
# so a full and a --minimal copy refuse the same names) and from
# new_plugin_names.txt for what the template cannot tell

file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/new_plugin_names.txt" name_rules REGEX "^[a-z-]+ ")
foreach(kind IN ITEMS cmake-target c-header dart-library dart-type)
  set(${kind} "")
endforeach()
foreach(rule IN LISTS name_rules)
  string(REGEX MATCH "^([a-z-]+) +(.*)$" matched "${rule}")
  set(kind "${CMAKE_MATCH_1}")
  string(REGEX REPLACE " +" ";" names "${CMAKE_MATCH_2}")
  list(APPEND ${kind} ${names})
endforeach()

set(header_names "${c-header}") # NAME.h: the public header must not hide another
set(target_names "${cmake-target}") # targets that do not carry the name
set(package_names "${dart-library}") # dart: libraries and the packages the copy depends on
set(renamed_classes "") # Dart classes whose names hold AppCore
set(copy_targets "") # the copy's CMake targets, app_core's renamed
foreach(file IN LISTS files)
  set(path "${template_root}/${file}")
  if(file STREQUAL "" OR NOT EXISTS "${path}" OR file MATCHES "(^|/)(build|\\.dart_tool|node_modules)/")
    continue()
  endif()
  get_filename_component(base "${file}" NAME_WE)
  if(file MATCHES "\\.h$")
    list(APPEND header_names "${base}")
  endif()
  if(file MATCHES "\\.[ch]$")
    file(STRINGS "${path}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line IN LISTS includes)
      # <x.h> and "dir/x.h" both: a header found by its file name alone.
      if(line MATCHES "[<\"/]([A-Za-z0-9_]+)\\.h[>\"]")
        list(APPEND header_names "${CMAKE_MATCH_1}")
      endif()
    endforeach()
  endif()
  if(file MATCHES "(^|/)fuzz/fuzz_[a-z0-9_]+\\.c$") # each fuzz target is named after its file
    list(APPEND target_names "${base}")
  endif()
  if(file MATCHES "(^|/)CMakeLists\\.txt$")
    file(STRINGS "${path}" lines REGEX "add_(library|executable|custom_target)\\(app_core")
    string(REGEX MATCHALL "\\(app_core[a-z0-9_]*" targets "${lines}")
    string(REPLACE "(app_core" "${NAME}" targets "${targets}")
    list(APPEND copy_targets ${targets})
  endif()
  if(file MATCHES "(^|/)pubspec\\.yaml$")
    file(STRINGS "${path}" pubspec)
    set(section "")
    foreach(line IN LISTS pubspec)
      if(line MATCHES "^([a-z_]+):")
        set(section "${CMAKE_MATCH_1}")
      elseif(section MATCHES "^(dev_)?dependencies$" AND line MATCHES "^  ([a-z0-9_]+):")
        list(APPEND package_names "${CMAKE_MATCH_1}")
      endif()
    endforeach()
  endif()
  if(file MATCHES "\\.dart$")
    file(STRINGS "${path}" lines REGEX "AppCore")
    string(REGEX MATCHALL "AppCore[A-Za-z0-9_]*" classes "${lines}")
    list(APPEND renamed_classes ${classes})
  endif()
endforeach()
list(REMOVE_DUPLICATES renamed_classes)

if(NAME IN_LIST header_names)
  fail("'${NAME}' would name the public header ${NAME}.h, which hides the template's or the C library's header of that name")
endif()
if(NAME IN_LIST target_names)
  fail("'${NAME}' is a CMake target name already taken (reserved by CMake or used by the template)")
endif()
foreach(target IN LISTS copy_targets)
  if(target IN_LIST target_names)
    fail("'${NAME}' would make the CMake target ${target}, which is reserved or another target's name")
  endif()
endforeach()
if(NAME IN_LIST package_names)
  fail("'${NAME}' is the name of a dart: library or of a package the copy depends on")
endif()
foreach(class IN LISTS renamed_classes)
  string(REPLACE "AppCore" "${pascal_name}" renamed "${class}")
  if(renamed IN_LIST dart-type)
    fail("'${NAME}' would make the Dart class ${renamed}, which hides dart:core's or dart:async's ${renamed}")
  endif()
endforeach()

if(MINIMAL)
  file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/template_minimal.txt" minimal_rules REGEX "^[^#]")
  # `drop PATH` leaves out one file; `drop FOLDER/` everything under FOLDER.
  # A rule that matches nothing is stale (tool/test template fails on the warning).
  foreach(rule IN LISTS minimal_rules)
    string(STRIP "${rule}" rule)
    if(rule STREQUAL "")
      continue()
    endif()
    if(NOT rule MATCHES "^drop (.+)$")
      fail("template_minimal.txt: '${rule}' is not a `drop PATH` line")
    endif()
    set(path "${CMAKE_MATCH_1}")
    set(remaining "")
    set(matched FALSE)
    foreach(file IN LISTS kept)
      string(LENGTH "${path}" length)
      string(SUBSTRING "${file}" 0 ${length} head)
      if(file STREQUAL path OR (path MATCHES "/$" AND head STREQUAL path))
        set(matched TRUE)
      else()
        list(APPEND remaining "${file}")
      endif()
    endforeach()
    if(NOT matched)
      message(WARNING "new_plugin: template_minimal.txt: 'drop ${path}' matches no file")
    endif()
    set(kept "${remaining}")
  endforeach()
endif()

# ---- write

string(REPLACE "_" "-" kebab_name "${NAME}") # npm package names
function(rename_text text out_var)
  string(REPLACE "APP_CORE" "${upper_name}" text "${text}")
  string(REPLACE "AppCore" "${pascal_name}" text "${text}")
  string(REPLACE "app_core" "${NAME}" text "${text}")
  string(REPLACE "app-core" "${kebab_name}" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# The markers: text from a line holding the begin marker through the next line
# holding the end marker belongs to examples --minimal leaves out; the marker
# lines themselves are left out of every copy. They are spelt here in two
# pieces so that this file, copied, still works and holds no marker itself.
string(CONCAT begin_marker "template:full-only" "-begin")
string(CONCAT end_marker "template:full-only" "-end")
# A line that ends with the line marker in a comment (`<!-- ... -->` or
# `/* ... */`) is full-only by itself: a table row, say, where a marker line
# would end the table. Every copy drops the comment, --minimal the line.
string(CONCAT line_marker "template:full-only" "-line")
set(line_marker_comment " *(<!--|/\\*) *${line_marker} *(-->|\\*/)")

function(strip_markers text out_var)
  string(REGEX REPLACE "[^\n]*(${begin_marker}|${end_marker})[^\n]*(\n|$)" "" text "${text}")
  string(REGEX REPLACE "${line_marker_comment}" "" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

function(drop_full_only text out_var)
  set(result "")
  while(TRUE)
    string(FIND "${text}" "${begin_marker}" begin)
    if(begin EQUAL -1)
      break()
    endif()
    # Cut from the start of the begin marker's line to the end of the end marker's line.
    string(SUBSTRING "${text}" 0 ${begin} before)
    string(FIND "${before}" "\n" line_start REVERSE)
    math(EXPR line_start "${line_start} + 1")
    string(SUBSTRING "${text}" 0 ${line_start} before)
    string(SUBSTRING "${text}" ${begin} -1 rest)
    string(FIND "${rest}" "${end_marker}" end)
    if(end EQUAL -1)
      fail("${current_file}: a ${begin_marker} line has no ${end_marker} line after it")
    endif()
    string(SUBSTRING "${rest}" ${end} -1 rest)
    string(FIND "${rest}" "\n" line_end)
    if(line_end EQUAL -1) # the end marker is the file's last line
      set(text "")
    else()
      math(EXPR line_end "${line_end} + 1")
      string(SUBSTRING "${rest}" ${line_end} -1 text)
    endif()
    string(APPEND result "${before}")
  endwhile()
  set(${out_var} "${result}${text}" PARENT_SCOPE)
endfunction()

set(written 0)
foreach(file IN LISTS kept)
  rename_text("${file}" target_file)
  set(source "${template_root}/${file}")
  set(target "${target_root}/${target_file}")
  get_filename_component(target_dir "${target}" DIRECTORY)
  file(MAKE_DIRECTORY "${target_dir}")
  file(COPY_FILE "${source}" "${target}") # keeps the mode: tool scripts stay executable
  # Fuzz corpora are binary inputs: copied as they are.
  if(NOT file MATCHES "/corpus/")
    file(READ "${source}" content)
    set(current_file "${file}")
    if(MINIMAL)
      drop_full_only("${content}" content)
      string(REGEX REPLACE "[^\n]*${line_marker}[^\n]*(\n|$)" "" content "${content}")
    endif()
    strip_markers("${content}" content)
    if(file STREQUAL "LICENSE")
      # MIT: the template's notice stays as it is; the new holder comes first.
      string(TIMESTAMP year "%Y" UTC)
      string(FIND "${content}" "\nCopyright" at)
      if(at EQUAL -1)
        fail("LICENSE has no Copyright line to keep")
      endif()
      math(EXPR at "${at} + 1")
      string(SUBSTRING "${content}" 0 ${at} before)
      string(SUBSTRING "${content}" ${at} -1 after)
      set(content "${before}Copyright (c) ${year} The ${NAME} authors\n${after}")
    else()
      rename_text("${content}" content)
    endif()
    file(WRITE "${target}" "${content}")
  endif()
  math(EXPR written "${written} + 1")
endforeach()

message("new_plugin: wrote ${written} files of ${NAME} to ${target_root}")

# A new name has a new length, so some renamed C lines now wrap differently:
# clang-format (with the copy's .clang-format) lays the C files out again
# where it is installed, so the copy's lint stage starts clean.
find_program(clang_format NAMES clang-format clang-format-14)
file(GLOB_RECURSE c_files "${target_root}/native/*.c" "${target_root}/native/*.h")
if(clang_format AND c_files)
  execute_process(COMMAND "${clang_format}" -i --style=file ${c_files} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(WARNING "new_plugin: clang-format failed (exit ${status}); the C files are renamed, not reformatted")
  endif()
elseif(c_files)
  message("new_plugin: no clang-format on PATH: the renamed C files keep the template's line breaks")
endif()
message("Next steps:
  1. cd ${target_root} && git init && git add -A && git commit -m \"${NAME}: start from the app_core template\"
  2. tool/demo and tool/test build the C core, run the demo and every check; on a machine with
     Dart, `dart test` builds it through hook/build.dart and runs the Dart tests, and
     `dart format .` re-wraps the lines a name of another length than app_core made too long
     or short (the C files were re-wrapped by clang-format if it was found)
  3. add your first function: declare it in native/include/${NAME}.h, write it in
     native/src/examples/, list it in native/sources.txt, then follow the README's
     \"Add your own function\" (bindings with `dart run ffigen`, the Dart API, tests)")
