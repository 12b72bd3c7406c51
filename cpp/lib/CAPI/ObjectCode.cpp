//===- ObjectCode.cpp - LLVM-dialect modules to relocatable objects -------===//
//
// What the ExecutionEngine does before it links in memory (translate, set
// the host's data layout, optimize, codegen), with position-independent code
// written to a buffer instead, so that a linker can make a shared object of
// it.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir-c/ObjectCode.h"

#include "mlir/CAPI/IR.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace {
char *copyString(llvm::StringRef text) {
  char *copy = static_cast<char *>(std::malloc(text.size() + 1));
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

std::string hostFeatures() {
  llvm::SubtargetFeatures features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    features.AddFeature(feature.first(), feature.second);
  return features.getString();
}

void initializeNativeTarget() {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
}

/// A target machine for the host, for position-independent code.
std::unique_ptr<llvm::TargetMachine> hostMachine(int optLevel,
                                                 std::string &error) {
  initializeNativeTarget();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  llvm::TargetOptions options;
  auto level = static_cast<llvm::CodeGenOptLevel>(optLevel);
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, llvm::sys::getHostCPUName(), hostFeatures(), options,
      llvm::Reloc::PIC_, std::nullopt, level));
}
/// LLVM vectorizes loops for AVX-512 hosts with 256-bit vectors unless a
/// function prefers 512: measured 20-35% faster on the fused elementwise
/// workload (the scheduled matmuls use explicit vectors either way).
void preferWideVectors(llvm::Module &module,
                       const llvm::TargetMachine &machine) {
  if (!machine.getTargetFeatureString().contains("+avx512f"))
    return;
  for (llvm::Function &function : module)
    if (!function.isDeclaration() &&
        !function.hasFnAttribute("prefer-vector-width"))
      function.addFnAttr("prefer-vector-width", "512");
}
/// For each C-interface function `_mlir_ciface_f(args...)`, the packed entry
/// `_mlir__mlir_ciface_f(void **args)` that the runtime calls (one pointer
/// per argument, then one to the result), as the ExecutionEngine makes it.
void addPackedEntries(llvm::Module &module) {
  llvm::LLVMContext &context = module.getContext();
  llvm::IRBuilder<> builder(context);
  llvm::SmallVector<llvm::Function *> interfaces;
  for (llvm::Function &function : module)
    if (!function.isDeclaration() &&
        function.getName().starts_with("_mlir_ciface_"))
      interfaces.push_back(&function);
  for (llvm::Function *function : interfaces) {
    auto *type =
        llvm::FunctionType::get(builder.getVoidTy(), builder.getPtrTy(),
                                /*isVarArg=*/false);
    auto *packed =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                               "_mlir_" + function->getName(), module);
    builder.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", packed));
    llvm::Value *list = packed->getArg(0);
    llvm::SmallVector<llvm::Value *> arguments;
    for (auto [index, argument] : llvm::enumerate(function->args())) {
      llvm::Value *slot =
          builder.CreateConstGEP1_64(builder.getPtrTy(), list, index);
      llvm::Value *pointer = builder.CreateLoad(builder.getPtrTy(), slot);
      arguments.push_back(builder.CreateLoad(argument.getType(), pointer));
    }
    llvm::Value *result = builder.CreateCall(function, arguments);
    if (!result->getType()->isVoidTy()) {
      llvm::Value *slot = builder.CreateConstGEP1_64(builder.getPtrTy(), list,
                                                     function->arg_size());
      builder.CreateStore(result, builder.CreateLoad(builder.getPtrTy(), slot));
    }
    builder.CreateRetVoid();
  }
}
/// The part of a kernel LLVM compiles without optimization: functions
/// marked `optnone` (an entry that only passes buffers to calls, see
/// theano-outline-loop-nests) and the C-interface wrappers around them.
bool inUnoptimizedPart(const llvm::Function &function) {
  return function.hasFnAttribute(llvm::Attribute::OptimizeNone) ||
         function.getName().starts_with("_mlir_ciface_") ||
         function.getName().starts_with("_mlir__mlir_ciface_");
}

/// Splits `module` in two when it has `optnone` functions: they (with their
/// wrappers) move to the returned module, declared in `module`; the
/// returned module declares the rest. The code generator's register
/// allocator runs per target machine, not per function: at -O2 it took
/// minutes on an entry of thousands of calls (1000 layers), at -O0 it is
/// linear. Local functions and constants are kept in both.
std::unique_ptr<llvm::Module> splitUnoptimizedPart(llvm::Module &module) {
  if (llvm::none_of(module, [](const llvm::Function &function) {
        return !function.isDeclaration() &&
               function.hasFnAttribute(llvm::Attribute::OptimizeNone);
      }))
    return nullptr;
  std::unique_ptr<llvm::Module> part = llvm::CloneModule(module);
  for (llvm::Function &function : module)
    if (!function.isDeclaration() && inUnoptimizedPart(function))
      function.deleteBody();
  for (llvm::Function &function : *part)
    if (!function.isDeclaration() && !inUnoptimizedPart(function) &&
        !function.hasLocalLinkage())
      function.deleteBody();
  for (llvm::GlobalVariable &global : part->globals())
    if (!global.isDeclaration() && !global.hasLocalLinkage()) {
      global.setInitializer(nullptr);
      global.setLinkage(llvm::GlobalValue::ExternalLinkage);
    }
  return part;
}

/// Optimizes `module` at `optLevel` and emits it as an object for `machine`.
bool emitObject(llvm::Module &module, llvm::TargetMachine &machine,
                int optLevel, llvm::SmallVectorImpl<char> &buffer,
                std::string &error) {
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple());
  auto optimize =
      mlir::makeOptimizingTransformer(optLevel, /*sizeLevel=*/0, &machine);
  if (llvm::Error failed = optimize(&module)) {
    error = "LLVM optimization failed: " + llvm::toString(std::move(failed));
    return false;
  }
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, stream, nullptr,
                                  llvm::CodeGenFileType::ObjectFile)) {
    error = "the host target cannot emit object files";
    return false;
  }
  codegen.run(module);
  return true;
}

char *copyBuffer(llvm::ArrayRef<char> buffer) {
  char *copy = static_cast<char *>(std::malloc(buffer.size()));
  std::memcpy(copy, buffer.data(), buffer.size());
  return copy;
}
} // namespace

char *theanoMlirHostTarget(void) {
  std::string text = llvm::sys::getProcessTriple() + " " +
                     llvm::sys::getHostCPUName().str() + " " + hostFeatures();
  return copyString(text);
}

int theanoMlirEmitObject(MlirModule module, int optLevel, char **objects,
                         size_t *sizes, char **error) {
  objects[0] = objects[1] = nullptr;
  sizes[0] = sizes[1] = 0;
  *error = nullptr;
  if (optLevel < 0 || optLevel > 3) {
    *error = copyString("optimization level must be 0 to 3");
    return 1;
  }
  mlir::ModuleOp op = unwrap(module);
  mlir::MLIRContext *context = op.getContext();
  mlir::registerBuiltinDialectTranslation(*context);
  mlir::registerLLVMDialectTranslation(*context);
  mlir::registerOpenMPDialectTranslation(*context);

  std::string message;
  std::unique_ptr<llvm::TargetMachine> machine = hostMachine(optLevel, message);
  if (!machine) {
    *error = copyString("no target machine for the host: " + message);
    return 1;
  }
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(op, llvmContext);
  if (!llvmModule) {
    *error = copyString("the module could not be translated to LLVM IR");
    return 1;
  }
  preferWideVectors(*llvmModule, *machine);
  addPackedEntries(*llvmModule);
  std::unique_ptr<llvm::Module> unoptimized =
      optLevel > 0 ? splitUnoptimizedPart(*llvmModule) : nullptr;
  llvm::SmallVector<char, 0> buffer;
  if (!emitObject(*llvmModule, *machine, optLevel, buffer, message)) {
    *error = copyString(message);
    return 1;
  }
  if (unoptimized) {
    std::unique_ptr<llvm::TargetMachine> plain = hostMachine(0, message);
    llvm::SmallVector<char, 0> second;
    if (!plain || !emitObject(*unoptimized, *plain, 0, second, message)) {
      *error = copyString(message);
      return 1;
    }
    objects[1] = copyBuffer(second);
    sizes[1] = second.size();
  }
  objects[0] = copyBuffer(buffer);
  sizes[0] = buffer.size();
  return 0;
}

void theanoMlirFree(void *pointer) { std::free(pointer); }
