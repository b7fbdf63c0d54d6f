using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Reproducibility;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS305: sets <c>NumberOfThreads = 1</c>: in the trainer's options initializer (in the call or in the local that
/// holds it), or, for a parameter overload, by passing the trainer's options object instead, with every argument
/// written as the option of the same name (<c>labelColumnName</c> as <c>LabelColumnName</c>, ...). No fix when an
/// argument has no option of that name, or the options come from elsewhere.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SeededContextNondeterministicThreadsCodeFix)), Shared]
public sealed class SeededContextNondeterministicThreadsCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS305.OneThread";

    private const string Title = "Train on one thread (NumberOfThreads = 1)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SeededContextNondeterministicThreads);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (target.Enclosing<InvocationExpressionSyntax>(context.Span) is not { } call
            || target.Operation<IInvocationOperation>(call) is not { } trainer
            || !SeededContextNondeterministicThreadsRule.IsFlagged(trainer, target.Symbols)
            || !SeededContextNondeterministicThreadsRule.LeavesThreadsUnset(trainer, out var options))
        {
            return;
        }

        var one = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1));
        if (options is not null)
        {
            if (options.Syntax is BaseObjectCreationExpressionSyntax { ContainsDiagnostics: false } creation && creation.SyntaxTree == call.SyntaxTree)
            {
                var updated = TextLoaderOptionsRewrite.WithMember(creation, "NumberOfThreads", one);
                Register(context, Title, ct => ReplaceAsync(context.Document, creation, updated, ct), EquivalenceKey);
            }

            return;
        }

        if (trainer.GetArgument("options") is not null || GetOptionsType(trainer.TargetMethod) is not { } optionsType)
        {
            return;
        }

        var members = new List<string>();
        foreach (var argumentSyntax in call.ArgumentList.Arguments)
        {
            var argument = trainer.Arguments.FirstOrDefault(a => a.Syntax == argumentSyntax);
            if (argument?.Parameter is not { } parameter || parameter.Ordinal == 0 && trainer.TargetMethod.IsExtensionMethod && argumentSyntax == call.ArgumentList.Arguments[0] && trainer.Instance is null && IsCatalog(parameter))
            {
                return;
            }

            var name = char.ToUpperInvariant(parameter.Name[0]) + parameter.Name.Substring(1);
            if (!HasWritableMember(optionsType, name))
            {
                return;
            }

            members.Add($"{name} = {argumentSyntax.Expression.WithoutTrivia().ToFullString()}");
        }

        members.Add("NumberOfThreads = 1");
        var typeName = optionsType.ToMinimalDisplayString(target.SemanticModel, call.SpanStart);
        var optionsExpression = SyntaxFactory.ParseExpression($"new {typeName} {{ {string.Join(", ", members)} }}");
        var list = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(optionsExpression))).WithTriviaFrom(call.ArgumentList);
        Register(context, Title, ct => ReplaceAsync(context.Document, call.ArgumentList, list, ct), EquivalenceKey);
    }

    private static bool IsCatalog(IParameterSymbol parameter) => parameter.Name == "catalog";

    /// <summary>The options type of the trainer factory's options overload (same name, same catalog).</summary>
    private static ITypeSymbol? GetOptionsType(IMethodSymbol method)
    {
        foreach (var member in method.ContainingType.GetMembers(method.Name))
        {
            if (member is IMethodSymbol overload)
            {
                foreach (var parameter in overload.Parameters)
                {
                    if (parameter.Name == "options")
                    {
                        return parameter.Type;
                    }
                }
            }
        }

        return null;
    }

    private static bool HasWritableMember(ITypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IFieldSymbol { IsReadOnly: false, IsStatic: false, DeclaredAccessibility: Accessibility.Public }
                    or IPropertySymbol { SetMethod.DeclaredAccessibility: Accessibility.Public, IsStatic: false })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
