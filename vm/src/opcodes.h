/*
 * opcodes.h: the VM's instruction set, listed once.
 *
 * Every instruction is one 32-bit word (a fused compare-and-branch adds a
 * second word, its jump offset). The low byte is the opcode; the other
 * three bytes are operands in one of four layouts:
 *
 *    31       24 23       16 15        8 7         0
 *   +-----------+-----------+-----------+-----------+
 *   |     C     |     B     |     A     |    op     |   iABC
 *   +-----------+-----------+-----------+-----------+
 *   |   Bx (16, unsigned)   |     A     |    op     |   iABx
 *   +-----------+-----------+-----------+-----------+
 *   |   sBx (16, signed)    |     A     |    op     |   iAsBx
 *   +-----------+-----------+-----------+-----------+
 *   |        sJ (24, signed)            |    op     |   isJ
 *   +-----------+-----------+-----------+-----------+
 *
 *   fused compare-and-branch (iABC + one extension word):
 *   +-----------+-----------+-----------+-----------+
 *   |     0     |   B / sB  |     A     |    op     |
 *   +-----------+-----------+-----------+-----------+
 *   |          sJ32: signed 32-bit jump offset      |
 *   +-----------------------------------------------+
 *
 * A, B and C name registers: 8-byte slots of the current frame (so a
 * function has at most 256 of them), or small immediates where the
 * meaning says so (sB, sC: signed 8-bit). Bx indexes the constant pool,
 * the function table or the globals. Jump offsets count words from the
 * instruction after the jump (after the extension word for a fused
 * branch), as in Lua: `pc += sJ`.
 *
 * Values are untyped: the compiler knows every type, so the opcode says
 * how to read the slots. Integers of every size live in a slot in
 * canonical form: sign-extended from their width when signed, zero-
 * extended when unsigned, so that one 64-bit ADDI64 / LTI64 / LTU64
 * serves all sizes; after an operation that can leave the width (+ - *
 * << unary - ^) the compiler appends SEXT8/16/32 or ZEXT8/16/32, which
 * is Go's wrap-around. float32 lives as a float64 that float32 can hold;
 * RNDF32 rounds after each operation (a float64 result rounded once to
 * float32 is the correctly rounded float32 result for + - * /). A string
 * is two slots (data pointer, length).
 *
 * The table: OP(NAME, FORMAT, "meaning", "disassembly"). FORMAT is one of
 * the OPF_ layouts below. In the disassembly pattern %A %B %C print a
 * register (r5), %b %c a signed immediate, %u an unsigned C, %k the
 * constant Bx (with its value), %K the constant B, %s the string constant Bx, %x an unsigned
 * Bx, %i a signed sBx, %j the target of a jump (absolute pc), %f the
 * function Bx, %g the global Bx, %X the extension word X (OPF_ABCX), %t the
 * type table entry Bx (its name), %n the native Bx, %e the C function Bx. docs/bytecode.md lists this table; a test
 * (bytecode_doc: tests/scripts/check_bytecode_doc.sh) checks that it lists all of it.
 */
#ifndef GORTVM_OPCODES_H
#define GORTVM_OPCODES_H

#include <stdint.h>

enum {
    OPF_ABC,  /* A B C registers or immediates */
    OPF_ABX,  /* A, unsigned 16-bit Bx */
    OPF_ASBX, /* A, signed 16-bit sBx */
    OPF_SJ,   /* signed 24-bit jump */
    OPF_ABJ,  /* A B, then a 32-bit signed jump word */
    OPF_ABCX, /* A B C, then a 32-bit unsigned operand word X */
};

#define GORT_OPCODES(OP) \
    /* moves and constants */ \
    OP(NOP,      OPF_ABC,  "do nothing", "") \
    OP(MOVE,     OPF_ABC,  "R[A] = R[B]", "%A = %B") \
    OP(MOVE2,    OPF_ABC,  "R[A], R[A+1] = R[B], R[B+1] (a string)", "%A:2 = %B:2") \
    OP(LOADI,    OPF_ASBX, "R[A] = sBx", "%A = %i") \
    OP(LOADK,    OPF_ABX,  "R[A] = K[Bx] (one 8-byte constant)", "%A = %k") \
    OP(LOADKS,   OPF_ABX,  "R[A], R[A+1] = string constant K[Bx]", "%A:2 = %s") \
    OP(ZERO,     OPF_ABC,  "R[A] .. R[A+B-1] = 0", "%A:%u.. = 0") \
    OP(GETG,     OPF_ABX,  "R[A] = G[Bx] (a global slot)", "%A = %g") \
    OP(SETG,     OPF_ABX,  "G[Bx] = R[A]", "%g = %A") \
    OP(GETG2,    OPF_ABX,  "R[A], R[A+1] = G[Bx], G[Bx+1]", "%A:2 = %g:2") \
    OP(SETG2,    OPF_ABX,  "G[Bx], G[Bx+1] = R[A], R[A+1]", "%g:2 = %A:2") \
    /* integers: every size in canonical form (see above) */ \
    OP(ADDI64,   OPF_ABC,  "R[A] = R[B] + R[C] (wraps)", "%A = %B + %C") \
    OP(SUBI64,   OPF_ABC,  "R[A] = R[B] - R[C] (wraps)", "%A = %B - %C") \
    OP(MULI64,   OPF_ABC,  "R[A] = R[B] * R[C] (wraps)", "%A = %B * %C") \
    OP(DIVI64,   OPF_ABC,  "R[A] = R[B] / R[C], signed; panics on 0; MinInt64/-1 = MinInt64", "%A = %B / %C") \
    OP(DIVU64,   OPF_ABC,  "R[A] = R[B] / R[C], unsigned; panics on 0", "%A = %B /u %C") \
    OP(REMI64,   OPF_ABC,  "R[A] = R[B] % R[C], signed; panics on 0; MinInt64%-1 = 0", "%A = %B %% %C") \
    OP(REMU64,   OPF_ABC,  "R[A] = R[B] % R[C], unsigned; panics on 0", "%A = %B %%u %C") \
    OP(ANDI64,   OPF_ABC,  "R[A] = R[B] & R[C]", "%A = %B & %C") \
    OP(ORI64,    OPF_ABC,  "R[A] = R[B] | R[C]", "%A = %B | %C") \
    OP(XORI64,   OPF_ABC,  "R[A] = R[B] ^ R[C]", "%A = %B ^ %C") \
    OP(ANDNI64,  OPF_ABC,  "R[A] = R[B] &^ R[C]", "%A = %B &^ %C") \
    OP(SHLI64,   OPF_ABC,  "R[A] = R[B] << R[C] (count unsigned; >= 64 gives 0)", "%A = %B << %C") \
    OP(SHRI64,   OPF_ABC,  "R[A] = R[B] >> R[C], arithmetic (count unsigned; >= 64 fills the sign)", "%A = %B >> %C") \
    OP(SHRU64,   OPF_ABC,  "R[A] = R[B] >> R[C], logical (count unsigned; >= 64 gives 0)", "%A = %B >>u %C") \
    OP(CHKSHIFT, OPF_ABC,  "panic \"negative shift amount\" if R[A] < 0 (a signed count)", "chkshift %A") \
    OP(ADDI64K,  OPF_ABC,  "R[A] = R[B] + sC (wraps)", "%A = %B + %c") \
    OP(MULI64K,  OPF_ABC,  "R[A] = R[B] * sC (wraps)", "%A = %B * %c") \
    OP(SHLI64K,  OPF_ABC,  "R[A] = R[B] << C (C < 64)", "%A = %B << %u") \
    OP(SHRI64K,  OPF_ABC,  "R[A] = R[B] >> C, arithmetic (C < 64)", "%A = %B >> %u") \
    OP(SHRU64K,  OPF_ABC,  "R[A] = R[B] >> C, logical (C < 64)", "%A = %B >>u %u") \
    OP(DIVI64P2, OPF_ABC,  "R[A] = R[B] / 2**C, signed, truncated toward zero (0 < C < 63): a shift, not a divide", "%A = %B / 2**%u") \
    OP(ANDI64K,  OPF_ABC,  "R[A] = R[B] & C (C unsigned)", "%A = %B & %u") \
    OP(NEGI64,   OPF_ABC,  "R[A] = -R[B] (wraps)", "%A = -%B") \
    OP(BNOTI64,  OPF_ABC,  "R[A] = ^R[B]", "%A = ^%B") \
    OP(SEXT8,    OPF_ABC,  "R[A] = R[B] sign-extended from 8 bits", "%A = int8(%B)") \
    OP(SEXT16,   OPF_ABC,  "R[A] = R[B] sign-extended from 16 bits", "%A = int16(%B)") \
    OP(SEXT32,   OPF_ABC,  "R[A] = R[B] sign-extended from 32 bits", "%A = int32(%B)") \
    OP(ZEXT8,    OPF_ABC,  "R[A] = R[B] zero-extended from 8 bits", "%A = uint8(%B)") \
    OP(ZEXT16,   OPF_ABC,  "R[A] = R[B] zero-extended from 16 bits", "%A = uint16(%B)") \
    OP(ZEXT32,   OPF_ABC,  "R[A] = R[B] zero-extended from 32 bits", "%A = uint32(%B)") \
    /* floating point */ \
    OP(ADDF64,   OPF_ABC,  "R[A] = R[B] + R[C] (float64)", "%A = %B +f %C") \
    OP(SUBF64,   OPF_ABC,  "R[A] = R[B] - R[C] (float64)", "%A = %B -f %C") \
    OP(MULF64,   OPF_ABC,  "R[A] = R[B] * R[C] (float64)", "%A = %B *f %C") \
    OP(DIVF64,   OPF_ABC,  "R[A] = R[B] / R[C] (float64, IEEE: no panic)", "%A = %B /f %C") \
    OP(NEGF64,   OPF_ABC,  "R[A] = -R[B] (float64)", "%A = -f %B") \
    OP(RNDF32,   OPF_ABC,  "R[A] = R[B] rounded to float32", "%A = float32(%B)") \
    OP(I64TOF64, OPF_ABC,  "R[A] = float64(R[B]), R[B] signed", "%A = float64(%B)") \
    OP(U64TOF64, OPF_ABC,  "R[A] = float64(R[B]), R[B] unsigned", "%A = float64u(%B)") \
    OP(F64TOI64, OPF_ABC,  "R[A] = int64(R[B]) (truncates; out of range gives MinInt64, as amd64)", "%A = int64(%B)") \
    OP(F64TOU64, OPF_ABC,  "R[A] = uint64(R[B]) (truncates; out of range as amd64)", "%A = uint64(%B)") \
    /* comparisons producing a bool */ \
    OP(EQI64,    OPF_ABC,  "R[A] = R[B] == R[C] (integers, bools)", "%A = %B == %C") \
    OP(NEI64,    OPF_ABC,  "R[A] = R[B] != R[C]", "%A = %B != %C") \
    OP(LTI64,    OPF_ABC,  "R[A] = R[B] < R[C], signed", "%A = %B < %C") \
    OP(LEI64,    OPF_ABC,  "R[A] = R[B] <= R[C], signed", "%A = %B <= %C") \
    OP(LTU64,    OPF_ABC,  "R[A] = R[B] < R[C], unsigned", "%A = %B <u %C") \
    OP(LEU64,    OPF_ABC,  "R[A] = R[B] <= R[C], unsigned", "%A = %B <=u %C") \
    OP(EQF64,    OPF_ABC,  "R[A] = R[B] == R[C] (float64)", "%A = %B ==f %C") \
    OP(NEF64,    OPF_ABC,  "R[A] = R[B] != R[C] (float64; true for NaN)", "%A = %B !=f %C") \
    OP(LTF64,    OPF_ABC,  "R[A] = R[B] < R[C] (float64)", "%A = %B <f %C") \
    OP(LEF64,    OPF_ABC,  "R[A] = R[B] <= R[C] (float64)", "%A = %B <=f %C") \
    OP(EQSTR,    OPF_ABC,  "R[A] = string R[B]:2 == R[C]:2", "%A = %B:2 == %C:2") \
    OP(NESTR,    OPF_ABC,  "R[A] = string R[B]:2 != R[C]:2", "%A = %B:2 != %C:2") \
    OP(LTSTR,    OPF_ABC,  "R[A] = string R[B]:2 < R[C]:2 (bytewise)", "%A = %B:2 < %C:2") \
    OP(LESTR,    OPF_ABC,  "R[A] = string R[B]:2 <= R[C]:2 (bytewise)", "%A = %B:2 <= %C:2") \
    OP(NOT,      OPF_ABC,  "R[A] = !R[B] (bool)", "%A = !%B") \
    /* jumps; a taken backward jump polls for preemption */ \
    OP(JMP,      OPF_SJ,   "pc += sJ", "jmp %j") \
    OP(JTRUE,    OPF_ASBX, "if R[A] { pc += sBx }", "if %A jmp %j") \
    OP(JFALSE,   OPF_ASBX, "if !R[A] { pc += sBx }", "if !%A jmp %j") \
    OP(JEQI64,   OPF_ABJ,  "if R[A] == R[B] { pc += sJ32 }", "if %A == %B jmp %j") \
    OP(JNEI64,   OPF_ABJ,  "if R[A] != R[B] { pc += sJ32 }", "if %A != %B jmp %j") \
    OP(JLTI64,   OPF_ABJ,  "if R[A] < R[B], signed { pc += sJ32 }", "if %A < %B jmp %j") \
    OP(JLEI64,   OPF_ABJ,  "if R[A] <= R[B], signed { pc += sJ32 }", "if %A <= %B jmp %j") \
    OP(JLTU64,   OPF_ABJ,  "if R[A] < R[B], unsigned { pc += sJ32 }", "if %A <u %B jmp %j") \
    OP(JLEU64,   OPF_ABJ,  "if R[A] <= R[B], unsigned { pc += sJ32 }", "if %A <=u %B jmp %j") \
    OP(JEQI64K,  OPF_ABJ,  "if R[A] == sB { pc += sJ32 }", "if %A == %b jmp %j") \
    OP(JNEI64K,  OPF_ABJ,  "if R[A] != sB { pc += sJ32 }", "if %A != %b jmp %j") \
    OP(JLTI64K,  OPF_ABJ,  "if R[A] < sB, signed { pc += sJ32 }", "if %A < %b jmp %j") \
    OP(JLEI64K,  OPF_ABJ,  "if R[A] <= sB, signed { pc += sJ32 }", "if %A <= %b jmp %j") \
    OP(JGTI64K,  OPF_ABJ,  "if R[A] > sB, signed { pc += sJ32 }", "if %A > %b jmp %j") \
    OP(JGEI64K,  OPF_ABJ,  "if R[A] >= sB, signed { pc += sJ32 }", "if %A >= %b jmp %j") \
    OP(JEQI64C,  OPF_ABJ,  "if R[A] == K[B] { pc += sJ32 } (a pool constant)", "if %A == %K jmp %j") \
    OP(JNEI64C,  OPF_ABJ,  "if R[A] != K[B] { pc += sJ32 }", "if %A != %K jmp %j") \
    OP(JLTI64C,  OPF_ABJ,  "if R[A] < K[B], signed { pc += sJ32 }", "if %A < %K jmp %j") \
    OP(JLEI64C,  OPF_ABJ,  "if R[A] <= K[B], signed { pc += sJ32 }", "if %A <= %K jmp %j") \
    OP(JGTI64C,  OPF_ABJ,  "if R[A] > K[B], signed { pc += sJ32 }", "if %A > %K jmp %j") \
    OP(JGEI64C,  OPF_ABJ,  "if R[A] >= K[B], signed { pc += sJ32 }", "if %A >= %K jmp %j") \
    OP(INCJLT,   OPF_ABJ,  "R[A] += 1; if R[A] < R[B], signed { pc += sJ32 } (a counting loop's step and test)", "%A++; if %A < %B jmp %j") \
    OP(INCJLE,   OPF_ABJ,  "R[A] += 1; if R[A] <= R[B], signed { pc += sJ32 }", "%A++; if %A <= %B jmp %j") \
    OP(INCJLTC,  OPF_ABJ,  "R[A] += 1; if R[A] < K[B], signed { pc += sJ32 }", "%A++; if %A < %K jmp %j") \
    OP(INCJLEC,  OPF_ABJ,  "R[A] += 1; if R[A] <= K[B], signed { pc += sJ32 }", "%A++; if %A <= %K jmp %j") \
    OP(JEQF64,   OPF_ABJ,  "if R[A] == R[B] (float64) { pc += sJ32 }", "if %A ==f %B jmp %j") \
    OP(JNEF64,   OPF_ABJ,  "if R[A] != R[B] (float64) { pc += sJ32 }", "if %A !=f %B jmp %j") \
    OP(JLTF64,   OPF_ABJ,  "if R[A] < R[B] (float64) { pc += sJ32 }", "if %A <f %B jmp %j") \
    OP(JLEF64,   OPF_ABJ,  "if R[A] <= R[B] (float64) { pc += sJ32 }", "if %A <=f %B jmp %j") \
    OP(JNLTF64,  OPF_ABJ,  "if !(R[A] < R[B]) (float64; NaN jumps) { pc += sJ32 }", "if !(%A <f %B) jmp %j") \
    OP(JNLEF64,  OPF_ABJ,  "if !(R[A] <= R[B]) (float64; NaN jumps) { pc += sJ32 }", "if !(%A <=f %B) jmp %j") \
    /* strings */ \
    OP(CONCAT,   OPF_ABC,  "R[A]:2 = R[B]:2 + R[C]:2 (a new string)", "%A:2 = %B:2 + %C:2") \
    OP(INDEXSTR, OPF_ABC,  "R[A] = R[B]:2[R[C]] (a byte; bounds checked)", "%A = %B:2[%C]") \
    OP(SLICESTR, OPF_ABC,  "R[A]:2 = R[B]:2[R[C]:R[C+1]] (bounds checked)", "%A:2 = %B:2[%C:%C+1]") \
    OP(RUNESTR,  OPF_ABC,  "R[A]:2 = string(rune R[B]) (invalid runes give U+FFFD)", "%A:2 = string(%B)") \
    OP(DECRUNE,  OPF_ABC,  "R[A] = rune at R[B]:2[R[C]], R[A+1] = its width (range over a string)", "%A:2 = decoderune(%B:2, %C)") \
    /* calls */ \
    OP(CALL,     OPF_ABX,  "call function Bx; its frame starts at R[A] (arguments there, results after them)", "call %f @%A") \
    OP(RET,      OPF_ABC,  "return R[A] .. R[A+B-1] as the results", "ret %A:%u") \
    /* built-ins */ \
    OP(PRINTI,   OPF_ABC,  "print the signed integer R[A]", "print int %A") \
    OP(PRINTU,   OPF_ABC,  "print the unsigned integer R[A]", "print uint %A") \
    OP(PRINTF,   OPF_ABC,  "print the float R[A] as Go's print does (+1.500000e+000)", "print float %A") \
    OP(PRINTB,   OPF_ABC,  "print the bool R[A]", "print bool %A") \
    OP(PRINTS,   OPF_ABC,  "print the string R[A]:2", "print string %A:2") \
    OP(PRINTSP,  OPF_ABC,  "print a space", "print \" \"") \
    OP(PRINTNL,  OPF_ABC,  "print a newline", "print \"\\n\"") \
    OP(PRINTEND, OPF_ABC,  "write what print/println gathered to standard error", "print flush") \
    OP(PANIC,    OPF_ABC,  "panic with the interface value R[A]:2 (type, data): unwinds the frames, running their deferred calls", "panic %A:2") \
    OP(RECOVER,  OPF_ABC,  "R[A]:2 = recover(): the panic's value if this frame is a deferred call a panic runs, else nil", "%A:2 = recover") \
    /* ---- pointers, structs, arrays, slices, maps ---- */ \
    OP(NEW,      OPF_ABX,  "R[A] = a new zeroed object of type T[Bx]", "%A = new(%t)") \
    OP(LOADT,    OPF_ABX,  "R[A] = T[Bx] (a type descriptor)", "%A = type %t") \
    OP(NILCHK,   OPF_ABC,  "panic (nil dereference) if R[A] is nil", "nilcheck %A") \
    OP(ADDP,     OPF_ABC,  "R[A] = R[B] + C (an address; panics if R[B] is nil)", "%A = &%B[+%u]") \
    OP(ADDPX,    OPF_ABCX, "R[A] = R[B] + X (an address; panics if R[B] is nil)", "%A = &%B[+%X]") \
    OP(LD8S,     OPF_ABC,  "R[A] = int8 at R[B]+C (every load panics if R[B] is nil)", "%A = int8 *(%B+%u)") \
    OP(LD8U,     OPF_ABC,  "R[A] = uint8 at R[B]+C", "%A = uint8 *(%B+%u)") \
    OP(LD16S,    OPF_ABC,  "R[A] = int16 at R[B]+C", "%A = int16 *(%B+%u)") \
    OP(LD16U,    OPF_ABC,  "R[A] = uint16 at R[B]+C", "%A = uint16 *(%B+%u)") \
    OP(LD32S,    OPF_ABC,  "R[A] = int32 at R[B]+C", "%A = int32 *(%B+%u)") \
    OP(LD32U,    OPF_ABC,  "R[A] = uint32 at R[B]+C", "%A = uint32 *(%B+%u)") \
    OP(LD64,     OPF_ABC,  "R[A] = 8 bytes at R[B]+C", "%A = *(%B+%u)") \
    OP(LDF32,    OPF_ABC,  "R[A] = float32 at R[B]+C, as a float64", "%A = float32 *(%B+%u)") \
    OP(LD2,      OPF_ABC,  "R[A], R[A+1] = 2 words at R[B]+C (a string, an interface)", "%A:2 = *(%B+%u)") \
    OP(LD3,      OPF_ABC,  "R[A] .. R[A+2] = 3 words at R[B]+C (a slice)", "%A:3 = *(%B+%u)") \
    OP(ST8,      OPF_ABC,  "1 byte at R[A]+C = R[B] (every store panics if R[A] is nil)", "*(%A+%u) = uint8 %B") \
    OP(ST16,     OPF_ABC,  "2 bytes at R[A]+C = R[B]", "*(%A+%u) = uint16 %B") \
    OP(ST32,     OPF_ABC,  "4 bytes at R[A]+C = R[B]", "*(%A+%u) = uint32 %B") \
    OP(ST64,     OPF_ABC,  "8 bytes at R[A]+C = R[B] (no pointer)", "*(%A+%u) = %B") \
    OP(STF32,    OPF_ABC,  "float32 at R[A]+C = R[B] (rounded)", "*(%A+%u) = float32 %B") \
    OP(STP,      OPF_ABC,  "pointer at R[A]+C = R[B] (write barrier)", "*(%A+%u) = ptr %B") \
    OP(STSTR,    OPF_ABC,  "string at R[A]+C = R[B]:2 (write barrier)", "*(%A+%u) = %B:2") \
    OP(STSLICE,  OPF_ABC,  "slice at R[A]+C = R[B]:3 (write barrier)", "*(%A+%u) = %B:3") \
    OP(STIFACE,  OPF_ABC,  "interface at R[A]+C = R[B]:2 (write barrier on both words)", "*(%A+%u) = iface %B:2") \
    OP(TCOPY,    OPF_ABC,  "*R[A] = *R[B], a value of type R[C] (typed copy with write barriers)", "*%A = *%B (type %C)") \
    OP(TCLONE,   OPF_ABC,  "R[A] = a new object holding a copy of *R[B], of type R[C]", "%A = clone *%B (type %C)") \
    OP(TEQ,      OPF_ABC,  "R[A] = *R[B] == *R[C], of the type in R[A] (field by field)", "%A = *%B == *%C (type %A)") \
    OP(IDX,      OPF_ABCX, "R[A] = &R[B]:3[R[C]], elements of X bytes (panics unless 0 <= R[C] < R[B+1])", "%A = &%B:3[%C] (size %X)") \
    OP(AIDX,     OPF_ABCX, "R[A] = &(*R[B])[R[C]], an array of K[X] elements of K[X+1] bytes (nil and bounds checked)", "%A = &(*%B)[%C] (K%X)") \
    OP(SLICE,    OPF_ABCX, "R[A]:3 = R[B]:3[R[C]:R[C+1]] of elements T[X]; X|1<<31: R[B]:3[R[C]:R[C+1]:R[C+2]]", "%A:3 = %B:3[%C:..] (X %X)") \
    OP(ARRSL,    OPF_ABCX, "R[A]:3 = {R[B], X, X}: an array of X elements as a slice (panics if R[B] is nil)", "%A:3 = (*%B)[:] (len %X)") \
    OP(MAKESLICE, OPF_ABCX, "R[A]:3 = make([]T[X], R[B], R[C])", "%A:3 = make(T%X, %B, %C)") \
    OP(GROW,     OPF_ABCX, "R[A]:3 = R[A]:3 extended by R[B] elements of T[X] (a new backing array when cap is short)", "%A:3 = grow(%A:3, %B) (T%X)") \
    OP(APPENDSL, OPF_ABCX, "R[A]:3 = append(R[A]:3, R[B]:2...) of T[X] (R[B]:2 a slice's or string's pointer and length)", "%A:3 = append(%A:3, %B...) (T%X)") \
    OP(COPYSL,   OPF_ABCX, "R[A] = copy(R[B]:3, R[C]:3) of T[X]; X|1<<31: R[C]:2 is a string", "%A = copy(%B:3, %C) (X %X)") \
    OP(STR2BYTES, OPF_ABC, "R[A]:3 = []byte(R[B]:2)", "%A:3 = []byte(%B:2)") \
    OP(BYTES2STR, OPF_ABC, "R[A]:2 = string(R[B]:3)", "%A:2 = string(%B:3)") \
    OP(STR2RUNES, OPF_ABC, "R[A]:3 = []rune(R[B]:2)", "%A:3 = []rune(%B:2)") \
    OP(RUNES2STR, OPF_ABC, "R[A]:2 = string(R[B]:3 of runes)", "%A:2 = string(%B:3)") \
    OP(MAKEMAP,  OPF_ABCX, "R[A] = make(T[X], R[B]) (a map; R[B] the size hint)", "%A = make(T%X, %B)") \
    OP(MAPGET,   OPF_ABCX, "R[A] = &R[B][key] (a zero value when absent); key in R[C] (X: map type | flags)", "%A = &%B[%C] (X %X)") \
    OP(MAPGET2,  OPF_ABCX, "R[A] = &R[B][key], R[A+1] = whether key is present", "%A:2 = &%B[%C], ok (X %X)") \
    OP(MAPSET,   OPF_ABCX, "R[A] = the slot of R[B][key], inserted zeroed if absent (panics on a nil map)", "%A = slot %B[%C] (X %X)") \
    OP(MAPDEL,   OPF_ABCX, "delete(R[A], key in R[B])", "delete(%A, %B) (X %X)") \
    OP(MAPLEN,   OPF_ABC,  "R[A] = len(R[B]) (a map)", "%A = len(map %B)") \
    OP(MAPITER,  OPF_ABC,  "R[A] = a new iterator over the map R[B] (from a random position)", "%A = iterate %B") \
    OP(MAPNEXT,  OPF_ABC,  "R[A], R[A+1] = the addresses of the next key and value of iterator R[B] (nil when done)", "%A:2 = next %B") \
    OP(LDIDX64,  OPF_ABC,  "R[A] = R[B]:3[R[C]], an 8-byte element (bounds checked)", "%A = %B:3[%C]") \
    OP(STIDX64,  OPF_ABC,  "R[A]:3[R[B]] = R[C], an 8-byte element without pointers (bounds checked)", "%A:3[%B] = %C") \
    OP(LDIDX8,   OPF_ABC,  "R[A] = R[B]:3[R[C]], a byte (bounds checked)", "%A = %B:3[%C] (byte)") \
    OP(STIDX8,   OPF_ABC,  "R[A]:3[R[B]] = R[C], a byte (bounds checked)", "%A:3[%B] = %C (byte)") \
    OP(PRINTP,   OPF_ABC,  "print the pointer R[A] as Go's print does (0xc000012345)", "print pointer %A") \
    OP(PRINTIFACE, OPF_ABC, "print the interface R[A]:2 as Go's print does: (type or itab word,data word)", "print iface %A:2") \
    OP(PRINTSL,  OPF_ABC,  "print the slice R[A]:3 as Go's print does ([len/cap]0xptr)", "print slice %A:3") \
    /* ---- function values, closures, methods, interfaces ---- */ \
    OP(LOADFN,   OPF_ABX,  "R[A] = the function value of function Bx (a static one: no context)", "%A = func %f") \
    OP(CLOSURE,  OPF_ABX,  "R[A] = a new closure of function Bx; its n context words are R[A+1] .. R[A+n]", "%A = closure %f") \
    OP(GETCTX,   OPF_ABC,  "R[A] .. R[A+C-1] = context words B .. B+C-1 of the running closure", "%A:%u = ctx[%b]") \
    OP(CALLV,    OPF_ABC,  "call the function value R[B]; its frame starts at R[A]; nil panics", "call %B @%A") \
    OP(ICALL,    OPF_ABC,  "call method C of the interface R[B]:2 (itab, data); its frame starts at R[A], whose first slot gets the receiver from the data word; nil panics", "icall %B:2 #%u @%A") \
    OP(BOX,      OPF_ABC,  "R[A+1] = a new heap copy of the value R[B].. of type R[A] (C&1: R[A] is an itab; C&2: R[B] holds the value's address)", "%A+1 = box %B (%u)") \
    OP(UNBOX,    OPF_ABC,  "R[A].. = the value the interface R[B]:2 holds, typed by its dynamic type (C&1: an itab; C&2: into new memory, R[A] its address)", "%A = unbox %B:2 (%u)") \
    OP(TYPEOF,   OPF_ABC,  "R[A] = the dynamic type of the interface R[B]:2, 0 when nil (C=1: R[B] is an itab)", "%A = typeof %B:2 (%u)") \
    OP(ITAB,     OPF_ABX,  "R[A] = the itab of interface type K[Bx] for the dynamic type R[A]; 0 when R[A] is 0 or lacks a method", "%A = itab %k, %A") \
    OP(ASSERTFAIL, OPF_ABX, "panic: interface conversion, for the dynamic type R[A] and the assertion K[Bx]", "assertfail %A %k") \
    OP(EQIFACE,  OPF_ABC,  "R[A] = R[B]:2 == R[C]:2, two (type, data) interfaces; an uncomparable dynamic type panics", "%A = %B:2 ==i %C:2") \
    /* ---- natives (natives.h) ---- */ \
    OP(CALLN,    OPF_ABX,  "call native Bx (a C function bound to a stdlib declaration) on the call area at R[A]", "call native %n @%A") \
    OP(CALLX,    OPF_ABX,  "call C function Bx (a //gort:extern declaration, ffi.c) on the call area at R[A]", "call C %e @%A") \
    OP(NATIVEFN, OPF_ABC,  "run the native of this function (a native method's trampoline) on R[0..] (parameters, then results)", "native self") \
    /* ---- goroutines and channels (vmgo.c) ---- */ \
    OP(GO,       OPF_ABX,  "go: a new goroutine runs function Bx on a copy of the parameters at R[A] (CALL's operands)", "go %f @%A") \
    OP(GOV,      OPF_ABC,  "go: a new goroutine calls the function value R[B] on a copy of the parameters at R[A]; nil is fatal", "go %B @%A") \
    OP(GOI,      OPF_ABC,  "go: a new goroutine calls method C of the interface R[B]:2 on a copy of the parameters at R[A]; nil panics", "go icall %B:2 #%u @%A") \
    OP(DEFER,    OPF_ABX,  "defer: record function Bx with a copy of the parameters at R[A] (CALL's operands) on this frame", "defer %f @%A") \
    OP(DEFERV,   OPF_ABC,  "defer: record the function value R[B] with a copy of the parameters at R[A]; nil panics when it runs", "defer %B @%A") \
    OP(DEFERI,   OPF_ABC,  "defer: record method C of the interface R[B]:2 with a copy of the parameters at R[A]; nil panics now", "defer icall %B:2 #%u @%A") \
    OP(DEFERRET, OPF_ABC,  "run this frame's newest deferred call, then this instruction again; none left: go on (before RET)", "rundefers") \
    OP(MAKECHAN, OPF_ABCX, "R[A] = make(T[X], R[B]) (a channel type; R[B] the capacity)", "%A = make(T%X, %B)") \
    OP(SEND,     OPF_ABCX, "R[A] <- the value R[B].. of element type T[X] (a struct or array by its address); may park", "%A <- %B (T%X)") \
    OP(RECV,     OPF_ABCX, "R[A].. = <-R[B] of element type T[X&0xffffff] (a struct or array into new memory); X&1<<24: R[C] = ok; X&1<<25: no value; may park", "%A = <-%B, ok %C (X %X)") \
    OP(CLOSE,    OPF_ABC,  "close(R[A])", "close(%A)") \
    OP(CHANLEN,  OPF_ABC,  "R[A] = len(R[B]) (a channel)", "%A = len(chan %B)") \
    OP(CHANCAP,  OPF_ABC,  "R[A] = cap(R[B]) (a channel)", "%A = cap(chan %B)") \
    OP(SELECT,   OPF_ABX,  "R[A] = the index of the case that proceeds (-1: default) of the select K[Bx] describes (a vmselect); may park", "%A = select %k")

typedef enum vm_opcode {
#define OPC_ENUM(name, fmt, meaning, dis) OP_##name,
    GORT_OPCODES(OPC_ENUM)
#undef OPC_ENUM
    OP_COUNT
} vm_opcode;

/* Field access. */
#define INS_OP(i) ((uint32_t)(i) & 0xff)
#define INS_A(i) (((uint32_t)(i) >> 8) & 0xff)
#define INS_B(i) (((uint32_t)(i) >> 16) & 0xff)
#define INS_C(i) ((uint32_t)(i) >> 24)
#define INS_SB(i) ((int32_t)(int8_t)INS_B(i))
#define INS_SC(i) ((int32_t)(int8_t)INS_C(i))
#define INS_BX(i) ((uint32_t)(i) >> 16)
#define INS_SBX(i) ((int32_t)(int16_t)INS_BX(i))
#define INS_SJ(i) ((int32_t)(i) >> 8)

/* Construction. */
#define MK_ABC(op, a, b, c) \
    ((uint32_t)(op) | ((uint32_t)(a) << 8) | ((uint32_t)(uint8_t)(b) << 16) | ((uint32_t)(uint8_t)(c) << 24))
#define MK_ABX(op, a, bx) ((uint32_t)(op) | ((uint32_t)(a) << 8) | ((uint32_t)(uint16_t)(bx) << 16))
#define MK_SJ(op, sj) ((uint32_t)(op) | ((uint32_t)(sj) << 8))

#define SBX_MAX 32767
#define SJ_MAX ((1 << 23) - 1)

/* Names, formats and meanings, indexed by opcode (codegen_dis.c). */
extern const char *const vm_opname[OP_COUNT];
extern const uint8_t vm_opformat[OP_COUNT];
extern const char *const vm_opmeaning[OP_COUNT];
extern const char *const vm_opdis[OP_COUNT];

#endif
