using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Skew;

/// <summary>
/// MLOPS203: <c>mlContext.Transforms.CustomMapping(map, contractName)</c> with a null or empty contract name, or with a
/// constant contract name that no <c>CustomMappingFactory&lt;TSrc, TDst&gt;</c> with a matching
/// <c>[CustomMappingFactoryAttribute]</c> provides (in this compilation or a referenced assembly), when the mapping's
/// chain reaches a save: a <c>Model.Save</c> of it (or of the model fitted from it) in its method, or the mapping leaves
/// its method (returned, stored, passed on) in a compilation that saves models (a call of ML.NET's <c>Model.Save</c>,
/// found by symbol). A mapping fitted and used only within its method, and not saved there, is not reported. Whether the compilation saves and which
/// contract names its factories provide depend on other files, so the calls are reported at the compilation's end
/// (build, full-solution analysis), not live in the editor.
/// </summary>
internal static class UnsaveableCustomMappingRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.UnsaveableCustomMapping,
        RuleCategories.Skew,
        RuleLevel.BuildWarning,
        title: "CustomMapping that cannot be saved or loaded",
        messageFormat: "{0}: a model with this CustomMapping cannot be saved, or cannot be loaded for serving; add a CustomMappingFactory with [CustomMappingFactoryAttribute] and pass its contract name",
        description: "ML.NET saves a CustomMapping by its contract name only, and at load time looks for a CustomMappingFactory<TSrc, TDst> carrying [CustomMappingFactoryAttribute] with that name. Without a contract name Model.Save throws; with a name no factory provides, Model.Load fails in serving. Reported in compilations that save models.",
        compilationEnd: true);

    /// <summary>
    /// The compilation's <c>CustomMapping</c> calls and whether it saves models, collected from its invocations and
    /// judged at its end against the contract names the factories provide. Null when ML.NET's custom-mapping types are
    /// not referenced.
    /// </summary>
    internal sealed class CompilationAnalysis
    {
        private readonly MlNetSymbols _symbols;
        private readonly INamedTypeSymbol _catalog;
        private readonly INamedTypeSymbol _factory;
        private readonly INamedTypeSymbol _attribute;
        private readonly List<(IInvocationOperation Call, string? ContractName, MappingReach Reach)> _mappings = new();
        private int _savesModels;

        private CompilationAnalysis(MlNetSymbols symbols, INamedTypeSymbol catalog, INamedTypeSymbol factory, INamedTypeSymbol attribute)
        {
            _symbols = symbols;
            _catalog = catalog;
            _factory = factory;
            _attribute = attribute;
        }

        public static CompilationAnalysis? Create(Compilation compilation, MlNetSymbols symbols)
        {
            var catalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.CustomMappingCatalog");
            var factory = compilation.GetBestTypeByMetadataName("Microsoft.ML.Transforms.CustomMappingFactory`2");
            var attribute = compilation.GetBestTypeByMetadataName("Microsoft.ML.Transforms.CustomMappingFactoryAttributeAttribute");
            return catalog is null || factory is null || attribute is null || symbols.ModelOperationsCatalog is null
                ? null
                : new CompilationAnalysis(symbols, catalog, factory, attribute);
        }

        public void OnInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.Name == "Save" && SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.ModelOperationsCatalog))
            {
                Interlocked.Exchange(ref _savesModels, 1);
            }
            else if (GetContractName(invocation, _catalog, out var contractName)
                && GetReach(invocation, _symbols) is var reach and not MappingReach.StaysInMethod)
            {
                lock (_mappings)
                {
                    _mappings.Add((invocation, contractName, reach));
                }
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            if (_mappings.Count == 0 || Volatile.Read(ref _savesModels) == 0)
            {
                return;
            }

            var provided = FindSourceContractNames(context.Compilation, _factory, _attribute, context.CancellationToken);
            provided.UnionWith(FindReferencedContractNames(context.Compilation, _factory, _attribute));
            foreach (var (call, contractName, _) in _mappings)
            {
                string problem;
                if (string.IsNullOrWhiteSpace(contractName))
                {
                    problem = "This CustomMapping has no contract name";
                }
                else if (provided.Contains(contractName!))
                {
                    continue;
                }
                else
                {
                    problem = $"No CustomMappingFactory with [CustomMappingFactoryAttribute(\"{contractName}\")] provides the contract name '{contractName}'";
                }

                context.ReportDiagnostic(Diagnostic.Create(Descriptor, Locations.NameToEnd(call), problem));
            }
        }

        private static HashSet<string> FindSourceContractNames(Compilation compilation, INamedTypeSymbol factory, INamedTypeSymbol attribute, CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var symbol in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken))
            {
                if (symbol is INamedTypeSymbol type && GetProvidedContractName(type, factory, attribute) is { } name)
                {
                    names.Add(name);
                }
            }

            return names;
        }
    }

    /// <summary>Where the estimator a <c>CustomMapping</c> call creates goes, as far as its method shows.</summary>
    internal enum MappingReach
    {
        /// <summary>Used only within its method (fitted, transformed, previewed), and not saved there.</summary>
        StaysInMethod,

        /// <summary>Leaves its method: returned, stored in a field or property, or passed to one of the user's methods.</summary>
        LeavesMethod,

        /// <summary>Reaches a <c>Model.Save</c> in its method (the chain, or the model fitted from it).</summary>
        Saved,
    }

    /// <summary>
    /// Follows the estimator <paramref name="mapping"/> creates through its method: up the expressions built from it
    /// (<c>Append</c>, <c>Fit</c>, any ML.NET call it is the receiver or an argument of) and through the locals that
    /// hold them. ML.NET's API samples fit and preview a mapping in one method and never save it: those stay silent.
    /// </summary>
    internal static MappingReach GetReach(IInvocationOperation mapping, MlNetSymbols symbols)
    {
        var root = mapping.GetRoot();
        var pending = new Stack<IOperation>();
        var locals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        List<ILocalReferenceOperation>? references = null;
        var reach = MappingReach.StaysInMethod;
        pending.Push(mapping);
        for (var steps = 0; pending.Count > 0 && steps < 256; steps++)
        {
            var current = pending.Pop();
            var parent = current.Parent;
            switch (parent)
            {
                case IConversionOperation or IParenthesizedOperation or ITupleOperation or IArrayInitializerOperation or IArrayCreationOperation:
                    pending.Push(parent);
                    break;
                case IArgumentOperation { Parent: IInvocationOperation call }:
                    if (call.TargetMethod.Name == "Save" && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.ModelOperationsCatalog))
                    {
                        return MappingReach.Saved;
                    }

                    if (call.TargetMethod.IsFromMlNet())
                    {
                        pending.Push(call);
                    }
                    else
                    {
                        reach = MappingReach.LeavesMethod;
                    }

                    break;
                case IArgumentOperation { Parent: IObjectCreationOperation }:
                    reach = MappingReach.LeavesMethod;
                    break;
                case IInvocationOperation call when call.Instance == current:
                    pending.Push(call);
                    break;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    Hold(declarator.Symbol);
                    break;
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    if (assignment.Target is ILocalReferenceOperation target)
                    {
                        Hold(target.Local);
                    }
                    else
                    {
                        reach = MappingReach.LeavesMethod;
                    }

                    break;
                case IReturnOperation:
                    reach = MappingReach.LeavesMethod;
                    break;
            }
        }

        return reach;

        void Hold(ILocalSymbol local)
        {
            if (!locals.Add(local))
            {
                return;
            }

            if (references is null)
            {
                references = new List<ILocalReferenceOperation>();
                foreach (var operation in root.Descendants())
                {
                    if (operation is ILocalReferenceOperation reference)
                    {
                        references.Add(reference);
                    }
                }
            }

            foreach (var reference in references)
            {
                if (SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    pending.Push(reference);
                }
            }
        }
    }

    /// <summary>
    /// True for a call of ML.NET's <c>CustomMapping</c> whose contract name is a constant (null, empty or a name);
    /// a contract name computed at run time is not judged.
    /// </summary>
    internal static bool GetContractName(IInvocationOperation invocation, INamedTypeSymbol customMappingCatalog, out string? contractName)
    {
        contractName = null;
        if (invocation.TargetMethod.Name != "CustomMapping"
            || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, customMappingCatalog)
            || invocation.GetArgument("contractName") is not { } argument)
        {
            return false;
        }

        if (argument.IsOmittedOrNull())
        {
            return true;
        }

        if (argument.Value.ConstantValue is { HasValue: true, Value: string name })
        {
            contractName = name;
            return true;
        }

        return false;
    }

    /// <summary>The contract name a factory type provides, or null when it is not a factory or has no attribute.</summary>
    internal static string? GetProvidedContractName(INamedTypeSymbol type, INamedTypeSymbol factory, INamedTypeSymbol attribute)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || !type.InheritsFrom(factory))
        {
            return null;
        }

        foreach (var data in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute)
                && data.ConstructorArguments.Length == 1
                && data.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Contract names provided by factories in referenced assemblies that themselves reference ML.NET.</summary>
    private static HashSet<string> FindReferencedContractNames(Compilation compilation, INamedTypeSymbol factory, INamedTypeSymbol attribute)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Name == "Microsoft.ML" || assembly.Name.StartsWith("Microsoft.ML.", System.StringComparison.Ordinal) || !ReferencesMlNet(assembly))
            {
                continue;
            }

            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                foreach (var member in pending.Pop().GetMembers())
                {
                    if (member is INamespaceSymbol ns)
                    {
                        pending.Push(ns);
                    }
                    else if (member is INamedTypeSymbol type)
                    {
                        pending.Push(type);
                        if (GetProvidedContractName(type, factory, attribute) is { } name)
                        {
                            names.Add(name);
                        }
                    }
                }
            }
        }

        return names;
    }

    private static bool ReferencesMlNet(IAssemblySymbol assembly)
    {
        foreach (var module in assembly.Modules)
        {
            foreach (var referenced in module.ReferencedAssemblies)
            {
                if (referenced.Name == "Microsoft.ML.Transforms")
                {
                    return true;
                }
            }
        }

        return false;
    }
}
