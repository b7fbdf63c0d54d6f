using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS204: the same estimator chain (<see cref="EstimatorChains"/>: same ML.NET calls, same constant arguments, in
/// order, at least two estimators) built in two or more members of the compilation. Each copy is reported, with the
/// other copies as additional locations. Needs the whole compilation: reported at its end (build, full-solution
/// analysis), not live in the editor.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicatedPipelineAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS204_DuplicatedPipeline);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        var copies = new ConcurrentBag<Copy>();
        var names = new SymbolDisplayCache();
        context.RegisterOperationAction(
            c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (EstimatorChains.IsOutermostAppend(invocation)
                    && !invocation.Syntax.ContainsDiagnostics
                    && EstimatorChains.Describe(invocation, symbols, names) is { } chain)
                {
                    copies.Add(new Copy(chain.Fingerprint, chain.Steps, invocation.Syntax.GetLocation(), c.ContainingSymbol));
                }
            },
            OperationKind.Invocation);

        context.RegisterCompilationEndAction(c =>
        {
            foreach (var group in copies.GroupBy(copy => copy.Fingerprint, System.StringComparer.Ordinal))
            {
                var ordered = group.OrderBy(copy => copy.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(copy => copy.Location.SourceSpan.Start)
                    .ToList();
                if (ordered.Select(copy => copy.Member).Distinct(SymbolEqualityComparer.Default).Count() < 2)
                {
                    continue;
                }

                foreach (var copy in ordered)
                {
                    var others = ordered.Where(o => o != copy).ToList();
                    var otherMembers = others.Select(o => Describe(o.Member)).Distinct(System.StringComparer.Ordinal).ToList();
                    c.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MLOPS204_DuplicatedPipeline,
                        copy.Location,
                        others.Select(o => o.Location),
                        copy.Steps,
                        Join(otherMembers)));
                }
            }
        });
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
        public Copy(string fingerprint, int steps, Location location, ISymbol member)
        {
            Fingerprint = fingerprint;
            Steps = steps;
            Location = location;
            Member = member;
        }

        public string Fingerprint { get; }

        public int Steps { get; }

        public Location Location { get; }

        public ISymbol Member { get; }
    }
}
