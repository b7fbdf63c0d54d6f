using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS203: <c>mlContext.Transforms.CustomMapping(map, contractName)</c> with a null or empty contract name, or with a
/// constant contract name that no <c>CustomMappingFactory&lt;TSrc, TDst&gt;</c> with a matching
/// <c>[CustomMappingFactoryAttribute]</c> provides (in this compilation or a referenced assembly), in a compilation that
/// saves models (<c>Model.Save</c>). The calls are collected per type and reported when the type is complete, so the
/// diagnostic is live in the editor; the compilation-wide facts (factories, saving) are computed once, lazily.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsaveableCustomMappingAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS203_UnsaveableCustomMapping);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        var catalog = context.Compilation.GetTypeByMetadataName("Microsoft.ML.CustomMappingCatalog");
        var factory = context.Compilation.GetTypeByMetadataName("Microsoft.ML.Transforms.CustomMappingFactory`2");
        var attribute = context.Compilation.GetTypeByMetadataName("Microsoft.ML.Transforms.CustomMappingFactoryAttributeAttribute");
        if (catalog is null || factory is null || attribute is null || symbols.ModelOperationsCatalog is null)
        {
            return;
        }

        // Facts about the whole compilation, computed once and only when a type uses CustomMapping.
        var facts = new System.Lazy<CompilationFacts>(
            () => new CompilationFacts(context.Compilation, factory, attribute, context.CancellationToken),
            LazyThreadSafetyMode.ExecutionAndPublication);

        context.RegisterSymbolStartAction(
            start =>
            {
                var gate = new object();
                var mappings = new List<(IInvocationOperation Call, string? ContractName)>();
                var savesHere = false;
                start.RegisterOperationAction(
                    c =>
                    {
                        var invocation = (IInvocationOperation)c.Operation;
                        var method = invocation.TargetMethod;
                        lock (gate)
                        {
                            if (method.Name == "Save" && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.ModelOperationsCatalog))
                            {
                                savesHere = true;
                            }
                            else if (GetContractName(invocation, catalog, out var contractName))
                            {
                                mappings.Add((invocation, contractName));
                            }
                        }
                    },
                    OperationKind.Invocation);

                start.RegisterSymbolEndAction(c =>
                {
                    if (mappings.Count == 0 || !(savesHere || facts.Value.SavesModels))
                    {
                        return;
                    }

                    foreach (var (call, contractName) in mappings)
                    {
                        string problem;
                        if (string.IsNullOrWhiteSpace(contractName))
                        {
                            problem = "This CustomMapping has no contract name";
                        }
                        else if (facts.Value.ProvidedContractNames.Contains(contractName!))
                        {
                            continue;
                        }
                        else
                        {
                            problem = $"No CustomMappingFactory with [CustomMappingFactoryAttribute(\"{contractName}\")] provides the contract name '{contractName}'";
                        }

                        c.ReportDiagnostic(Diagnostic.Create(Descriptors.MLOPS203_UnsaveableCustomMapping, Locations.NameToEnd(call), problem));
                    }
                });
            },
            SymbolKind.NamedType);
    }

    /// <summary>What the rule needs to know about the whole compilation.</summary>
    private sealed class CompilationFacts
    {
        public CompilationFacts(Compilation compilation, INamedTypeSymbol factory, INamedTypeSymbol attribute, CancellationToken cancellationToken)
        {
            SavesModels = CallsModelSave(compilation, cancellationToken);
            ProvidedContractNames = FindSourceContractNames(compilation, factory, attribute, cancellationToken);
            ProvidedContractNames.UnionWith(FindReferencedContractNames(compilation, factory, attribute));
        }

        /// <summary>
        /// True when some file calls <c>x.Model.Save(...)</c>, ML.NET's way to save a model. A syntax check: other
        /// types' code cannot be bound from here, and it only decides whether the rule applies at all.
        /// </summary>
        public bool SavesModels { get; }

        /// <summary>The contract names that factories in this compilation and its references provide.</summary>
        public HashSet<string> ProvidedContractNames { get; }

        private static bool CallsModelSave(Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Save", Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Model" } } })
                    {
                        return true;
                    }
                }
            }

            return false;
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
