# Used by `scripts/bench --instructions --lookups`: prints each Swift runtime conformance lookup, with the
# protocol, the type and the calling frames, and "SCAN" after the ones that missed the runtime's cache and
# walked the conformance records (in a static binary a few thousand of them, ~120 k instructions a walk).
# x86-64: the function returns its pair through %rdi, so the type is %rsi and the protocol descriptor %rdx
# (its name is a relative pointer at offset 8).
set pagination off
set confirm off
set $lookup = 0
set $scanned = -1
break *swift_conformsToProtocolMaybeInstantiateSuperclasses
commands
silent
set $lookup = $lookup + 1
printf "LOOKUP %s: ", (char*)($rdx+8 + *(int*)($rdx+8))
info symbol $rsi
bt 16
cont
end
break *'_ZZZL52swift_conformsToProtocolMaybeInstantiateSuperclassesPKN5swift14TargetMetadataINS_9InProcessEEEPKNS_24TargetProtocolDescriptorIS1_EEbENK3$_2clERKN12_GLOBAL__N_118ConformanceSectionEENKUlRKNS_35TargetProtocolConformanceDescriptorIS1_EEE_clESH_'
commands
silent
if $scanned != $lookup
  printf "SCAN\n"
  set $scanned = $lookup
end
cont
end
run
