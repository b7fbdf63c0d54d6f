using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Skew;

/// <summary>
/// MLOPS204: the same estimator chain (<see cref="EstimatorChains"/>: same ML.NET calls, same constant arguments, in
/// order, at least two estimators) built in two or more members of the compilation, when the chain has at least three
/// estimators or one of its copies is handed out of its member (returned or stored: a definition others build on). Each copy is reported, with the
/// other copies as additional locations. Needs the whole compilation: reported at its end (build, full-solution
/// analysis), not live in the editor.
/// </summary>
internal static class DuplicatedPipelineRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.DuplicatedPipeline,
        RuleCategories.Skew,
        RuleLevel.IdeSuggestion,
        title: "Estimator chain duplicated",
        messageFormat: "This estimator chain ({0} steps) is also built in {1}: copies drift apart and featurization then differs between training and serving; extract one shared pipeline definition",
        description: "The same chain of catalog calls with the same columns and settings is built in two or more methods. When one copy changes and the other does not, the model is trained on one featurization and fed another. Build the chain in one place and call it from each.",
        compilationEnd: true);

    /// <summary>
    /// The chains built in the compilation, collected from its invocations and compared at its end. One per
    /// compilation, created by the family's compilation-start action.
    /// </summary>
    internal sealed class CompilationAnalysis
    {
        private readonly ConcurrentBag<Copy> _copies = new();
        private readonly SymbolDisplayCache _names = new();
        private readonly MlNetSymbols _symbols;

        public CompilationAnalysis(MlNetSymbols symbols) => _symbols = symbols;

        public void OnInvocation(IInvocationOperation invocation, ISymbol containingSymbol)
        {
            if (EstimatorChains.IsOutermostAppend(invocation)
                && !invocation.Syntax.ContainsDiagnostics
                && EstimatorChains.Describe(invocation, _symbols, _names) is { } chain)
            {
                _copies.Add(new Copy(chain.Fingerprint, chain.Steps, invocation.Syntax.GetLocation(), containingSymbol, LeavesItsMember(invocation)));
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            foreach (var group in _copies.GroupBy(copy => copy.Fingerprint, System.StringComparer.Ordinal))
            {
                var ordered = group.OrderBy(copy => copy.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(copy => copy.Location.SourceSpan.Start)
                    .ToList();
                if (ordered.Select(copy => copy.Member).Distinct(SymbolEqualityComparer.Default).Count() < 2
                    || (ordered[0].Steps < LongChainSteps && !ordered.Any(copy => copy.LeavesMember)))
                {
                    // Two-step boilerplate (the label's MapValueToKey and a trainer, Concatenate and a normalizer)
                    // built and used where it stands, in independent entry points: nothing to keep in step.
                    continue;
                }

                foreach (var copy in ordered)
                {
                    var others = ordered.Where(o => o != copy).ToList();
                    var otherMembers = others.Select(o => Describe(o.Member)).Distinct(System.StringComparer.Ordinal).ToList();
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptor,
                        copy.Location,
                        others.Select(o => o.Location),
                        copy.Steps,
                        Join(otherMembers)));
                }
            }
        }
    }

    /// <summary>Chains of this many estimators or more are compared wherever they are built.</summary>
    internal const int LongChainSteps = 3;

    /// <summary>
    /// True when the chain is handed out of the member that builds it: returned (an expression-bodied member, or a local
    /// holding it returned), or stored in a field or property. Such a copy is a pipeline definition that other code
    /// (serving among it) builds on; a two-step chain fitted where it is built is not.
    /// </summary>
    internal static bool LeavesItsMember(IInvocationOperation chain)
    {
        var parent = chain.WalkUpConversion();
        while (parent is IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IReturnOperation or IFieldInitializerOperation or IPropertyInitializerOperation:
                return true;
            case ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation }:
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                foreach (var operation in chain.GetRoot().Descendants())
                {
                    var handedOut = operation switch
                    {
                        IReturnOperation { ReturnedValue: { } returned } => returned,
                        ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } assignment => assignment.Value,
                        _ => null,
                    };
                    if (handedOut?.WalkDownConversion() is ILocalReferenceOperation reference
                        && SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static string Describe(ISymbol member)
        => member is IMethodSymbol { Name: "<Main>$" } ? "the top-level statements" : $"'{member.ContainingType?.Name}.{member.Name}'";

    /// <summary>The places named in the message: all of up to three, else the first three and how many more (the additional locations list them all).</summary>
    private static string Join(IReadOnlyList<string> items)
    {
        const int Named = 3;
        if (items.Count > Named)
        {
            var more = items.Count - Named;
            return string.Join(", ", items.Take(Named)) + $" and {more} more place{(more == 1 ? "" : "s")}";
        }

        return items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[items.Count - 1];
    }

    private sealed class Copy
    {
        public Copy(string fingerprint, int steps, Location location, ISymbol member, bool leavesMember)
        {
            LeavesMember = leavesMember;
            Fingerprint = fingerprint;
            Steps = steps;
            Location = location;
            Member = member;
        }

        public string Fingerprint { get; }

        public int Steps { get; }

        public Location Location { get; }

        public ISymbol Member { get; }

        /// <summary>The chain is returned or stored (<see cref="LeavesItsMember"/>).</summary>
        public bool LeavesMember { get; }
    }
}
