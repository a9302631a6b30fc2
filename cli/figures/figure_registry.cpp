// figure_registry.hpp: the list of figures `bothlayers figures` draws.
#include "figure_registry.hpp"

#include "named_registry.hpp"

namespace bothlayers::cli {

FigureRegistrar::FigureRegistrar(Figure figure) { NamedRegistry<Figure>::add(std::move(figure), "figure"); }

std::vector<Figure> registered_figures() { return NamedRegistry<Figure>::all(); }

}  // namespace bothlayers::cli
