using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace MlopsAnalyzers;

/// <summary>Where diagnostics are reported.</summary>
internal static class Locations
{
    /// <summary>
    /// From the called method's name to the end of the call (<c>Fit(data)</c> in <c>a.B().Fit(data)</c>), so that a
    /// long receiver chain is not underlined; the whole call when it has no member access.
    /// </summary>
    public static Location NameToEnd(IInvocationOperation invocation)
    {
        if (invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } syntax)
        {
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(member.Name.SpanStart, syntax.Span.End));
        }

        return invocation.Syntax.GetLocation();
    }
}
