"""Every write of the support network, one module a topic: `curators` (assignments and visits), `partnerships`,
`events` (methodological events, their attendance, teachers and materials), `teachers` (teachers, their courses,
diagnostics, ИОМ and mentoring pairs); `common` holds the checks they share. Each write checks the writer's
capability and scope; errors are Russian constants of the module that raises them."""
